"""Column layouts and Chinese names shared by the ledger and report exports (pure data, no database)."""

from __future__ import annotations

from app.excel.table import DATE, DATETIME, INTEGER, Col

# Certificate register movements grouped the way the monthly statistics report them.
MOVEMENT_OF_EFFECT = {
    "new": "发证",
    "transfer_in": "发证",
    "renew": "延续",
    "change": "变更",
    "reissue": "变更",
    "transfer_out": "变更",
    "cancel": "注销",
}
MOVEMENT_OF_OPERATION = {
    "01": "发证",
    "08": "发证",
    "02": "延续",
    "09": "变更",
    "10": "变更",
    "04": "注销",
    "05": "注销",
}
MOVEMENTS = ("发证", "延续", "变更", "注销")
OPERATION_NAMES = {
    "01": "新发证",
    "02": "延续",
    "03": "暂扣",
    "04": "过期注销",
    "05": "注销",
    "06": "暂扣恢复",
    "08": "跨省转入",
    "09": "变更",
    "10": "转出撤销",
}

APPLICATION_COLUMNS = (
    Col("序号", 7, INTEGER),
    Col("办件编号", 20),
    Col("事项名称", 34),
    Col("人员类别", 12),
    Col("申请人", 10),
    Col("身份证号", 21),
    Col("企业名称", 30),
    Col("办件状态", 12),
    Col("收件人", 10),
    Col("收件时间", 17, DATETIME),
    Col("受理人", 10),
    Col("受理时间", 17, DATETIME),
    Col("办结人", 10),
    Col("办结时间", 17, DATETIME),
    Col("应办结日期", 12, DATE),
    Col("证书编号", 24),
    Col("原因或说明", 30),
)

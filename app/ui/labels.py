"""Display names for codes the services return (statuses, roles, actions, sync states), through Qt translation.

The domain keeps its own Chinese names for messages it builds; the screens use these so that a .qm file can
translate them. Each entry is a literal `translate` call so that pyside6-lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.workflow import Action, Role, Status


def status_name(code: str) -> str:
    names = {
        Status.DRAFT: QCoreApplication.translate("labels", "草稿"),
        Status.RECEIVED: QCoreApplication.translate("labels", "收件"),
        Status.ACCEPTED: QCoreApplication.translate("labels", "受理"),
        Status.UNDER_REVIEW: QCoreApplication.translate("labels", "审核中"),
        Status.APPROVED: QCoreApplication.translate("labels", "办结（准予）"),
        Status.RETURNED: QCoreApplication.translate("labels", "退件"),
        Status.CORRECTION: QCoreApplication.translate("labels", "待补正"),
        Status.REFUSED: QCoreApplication.translate("labels", "不予受理"),
        Status.WITHDRAWN: QCoreApplication.translate("labels", "已撤回"),
    }
    try:
        return names[Status(code)]
    except ValueError:
        return code


def role_name(code: str) -> str:
    names = {
        Role.CLERK: QCoreApplication.translate("labels", "窗口受理员"),
        Role.SUPERVISOR: QCoreApplication.translate("labels", "审核人"),
        Role.ADMIN: QCoreApplication.translate("labels", "管理员"),
    }
    try:
        return names[Role(code)]
    except ValueError:
        return code


def action_name(action: Action | str) -> str:
    names = {
        Action.SUBMIT: QCoreApplication.translate("labels", "提交收件"),
        Action.WITHDRAW: QCoreApplication.translate("labels", "撤回"),
        Action.ACCEPT: QCoreApplication.translate("labels", "受理"),
        Action.REFUSE: QCoreApplication.translate("labels", "不予受理"),
        Action.REQUEST_CORRECTION: QCoreApplication.translate("labels", "一次性告知补正"),
        Action.RESUBMIT: QCoreApplication.translate("labels", "补正后重新提交"),
        Action.START_REVIEW: QCoreApplication.translate("labels", "开始审核"),
        Action.APPROVE: QCoreApplication.translate("labels", "审核通过（办结）"),
        Action.RETURN: QCoreApplication.translate("labels", "退件"),
    }
    return names.get(Action(action), str(action))


def audit_action_name(action: str) -> str:
    """The timeline's wording for an audit event's action code; unknown codes are shown as they are."""
    names = {
        "application.create_draft": QCoreApplication.translate("labels", "新建草稿"),
        "application.update": QCoreApplication.translate("labels", "修改表单"),
        "application.submit": QCoreApplication.translate("labels", "提交收件"),
        "application.withdraw": QCoreApplication.translate("labels", "撤回"),
        "application.accept": QCoreApplication.translate("labels", "受理"),
        "application.refuse": QCoreApplication.translate("labels", "不予受理"),
        "application.evaluation": QCoreApplication.translate("labels", "好差评"),
        "application.applicant_signature": QCoreApplication.translate("labels", "申请人签名"),
        "application.request_correction": QCoreApplication.translate("labels", "一次性告知补正"),
        "application.resubmit": QCoreApplication.translate("labels", "补正后重新提交"),
        "application.lapse": QCoreApplication.translate("labels", "逾期未补正（视为撤回）"),
        "application.start_review": QCoreApplication.translate("labels", "开始审核"),
        "application.approve": QCoreApplication.translate("labels", "审核通过（办结）"),
        "application.return": QCoreApplication.translate("labels", "退件"),
        "application.discard_draft": QCoreApplication.translate("labels", "删除草稿"),
        "application.material_add": QCoreApplication.translate("labels", "添加材料"),
        "application.print_receipt": QCoreApplication.translate("labels", "打印材料接收凭证"),
        "sms.queued": QCoreApplication.translate("labels", "短信通知已排队发送"),
        "transfer_out.confirmed": QCoreApplication.translate(
            "labels", "确认转出（转入省份已接收，证书注销）"
        ),
        "transfer_out.called_off": QCoreApplication.translate("labels", "撤销转出（证书恢复有效）"),
        "sms.skipped": QCoreApplication.translate("labels", "未发短信（未登记手机号码）"),
        "sms.sent": QCoreApplication.translate("labels", "短信已发送"),
        "sms.failed": QCoreApplication.translate("labels", "短信发送失败，稍后重试"),
        "sms.gave_up": QCoreApplication.translate("labels", "短信多次发送失败，已停止"),
        "sms.requeued": QCoreApplication.translate("labels", "短信重新排队发送"),
        "material.attach": QCoreApplication.translate("labels", "扫描材料"),
        "material.delete": QCoreApplication.translate("labels", "删除材料页"),
        "material.rotate": QCoreApplication.translate("labels", "旋转材料页"),
        "material.crop": QCoreApplication.translate("labels", "裁剪材料页"),
        "material.reorder": QCoreApplication.translate("labels", "调整材料页顺序"),
        "certificate.print": QCoreApplication.translate("labels", "打印证书"),
        "document.print": QCoreApplication.translate("labels", "打印文书"),
        "certificate.reprint": QCoreApplication.translate("labels", "补打证书"),
        "certificate.before": QCoreApplication.translate("labels", "证书变更前信息"),
        "signing_key.create": QCoreApplication.translate("labels", "创建签章密钥"),
        "signing_key.unlock": QCoreApplication.translate("labels", "解锁签章密钥"),
        "signing_key.unlock_failed": QCoreApplication.translate("labels", "签章密钥口令错误"),
        "outbox.acknowledge": QCoreApplication.translate("labels", "中心拒绝的变更已处理"),
    }
    return names.get(action, action)


def sync_state_name(code: str | None) -> str:
    names = {
        "local": QCoreApplication.translate("labels", "仅本机（草稿不上传）"),
        "pending": QCoreApplication.translate("labels", "等待同步"),
        "synced": QCoreApplication.translate("labels", "已同步"),
        "rejected": QCoreApplication.translate("labels", "中心拒绝，需要处理"),
    }
    return names.get(code or "", code or "")


def material_state_name(code: str) -> str:
    names = {
        "missing": QCoreApplication.translate("labels", "未收取"),
        "paper": QCoreApplication.translate("labels", "已收纸质"),
        "scanned": QCoreApplication.translate("labels", "已扫描"),
        "electronic": QCoreApplication.translate("labels", "电子调取"),
    }
    return names.get(code, code)


def attention_advice(code: str | None) -> str:
    """What the clerk should do about a change the central store rejected, by its result code."""
    advice = {
        "OPEN_APPLICATION_EXISTS": QCoreApplication.translate(
            "labels", "该身份证号在其他窗口已有未办结的申请：请与申请人核实后撤回本办件，或等待另一件办结。"
        ),
        "STALE_VERSION": QCoreApplication.translate(
            "labels", "办件已在其他窗口被修改：请打开办件，核对最新内容后重新办理。"
        ),
        "ROLE_FORBIDDEN": QCoreApplication.translate("labels", "您的账号没有该操作的权限：请联系管理员。"),
        "MAKER_CHECKER": QCoreApplication.translate(
            "labels", "收件人不能审核自己的办件：请交由另一位审核人。"
        ),
    }
    return advice.get(
        code or "",
        QCoreApplication.translate(
            "labels", "请打开办件核对中心的提示，更正后重新办理；无法处理时请联系中心管理员。"
        ),
    )

"""The province's legacy certificate register goes into the central store, reaches a counter through the feed,
and its certificates are renewed, changed and reissued there to a printed certificate."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import delete, func, select, text

from app.capture.photo import make_certificate_photo
from app.central.models import Change
from app.domain.errors import DomainError
from app.domain.identifiers import resident_id_check_char
from app.models import Certificate, CertificateVersion, Person
from app.printing import render_certificate
from app.services import certificate_printing, documents, intake, review, signing_keys
from app.services import register_import as register_service
from app.services.context import Actor
from app.services.register_import import import_register
from app.sync.blobs_fetch import make_page_loader
from app.sync.register_client import CentralSender
from tests.services.scenarios import TODAY, Builder, all_conditions, all_materials
from tests.sync.helpers import UNIT, Central, counter, worker

ADMIN = Actor("admin", "admin", "管理员", UNIT)
CLERK = Actor("clerk01", "clerk", "张敏", UNIT)
SUPERVISOR = Actor("sup01", "supervisor", "李静", UNIT)
HEADER = [
    "序号",
    "证书号",
    "证书种类",
    "类别",
    "持证人",
    "身份证号码",
    "性别",
    "工作单位",
    "统一社会信用代码",
    "状态",
    "初次发证日期",
    "核发日期",
    "有效期至",
    "发证机关",
    "电子证照标识",
]


def _picture(size: tuple[int, int], fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (90, 140, 210))
    out = io.BytesIO()
    image.save(out, fmt, quality=92)
    return out.getvalue()


GOOD_PHOTO = make_certificate_photo(_picture((600, 840)))


def _id15(n: int) -> tuple[str, str]:
    """A 15-digit old ID number and its 18-digit form."""
    old = f"410105{680517 + n:06d}{(2 * n + 1) % 1000:03d}"
    first17 = old[:6] + "19" + old[6:]
    return old, first17 + resident_id_check_char(first17)


def _row(n: int, number: str, family: str, category: str, idn: str, name: str, **extra: Any) -> list[Any]:
    values = {
        "company": "河南测试建设有限公司",
        "code": None,
        "status": "正常",
        "first": date(2019, 3, 1),
        "issued": date(2024, 3, 1),
        "valid_to": date(2027, 2, 28),
        "ecert": None,
    }
    values.update(extra)
    return [
        n,
        number,
        family,
        category,
        name,
        idn,
        "男",
        values["company"],
        values["code"],
        values["status"],
        values["first"],
        values["issued"],
        values["valid_to"],
        "河南省住房和城乡建设厅",
        values["ecert"],
    ]


def _export(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "证书数据"
    ws["A1"] = "河南省建筑施工安全生产考核合格证书库导出（原系统）"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _photos_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_legacy_export_with_bad_rows_and_photos(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "admin-desk", "WS-01")
    old15, new18 = _id15(1)
    _, tz_id = _id15(2)
    _, jn_id = _id15(3)
    ag_number = "豫建安C2（2019）0001234"
    rows = [
        _row(1, ag_number, "安管", "C2", old15, "刘建国"),  # 15-digit ID: upgraded
        _row(
            2, "豫A012019000123", "", "1", tz_id, "王磊", status="1"
        ),  # family from the number; trade 1 → 01
        _row(3, "豫建技201900000077", "技能", "钢筋工", jn_id, "赵强", status="有效", valid_to=None),
        _row(4, "豫建安A（2019）0000001", "安管", "A", _id15(4)[1], "孙悦", status="X9"),
        _row(
            5, "豫建安B（2019）0000002", "安管", "B", new18[:-1] + ("0" if new18[-1] != "0" else "1"), "钱程"
        ),
        _row(6, ag_number, "安管", "C2", new18, "刘建国"),
        _row(7, "豫建安C9（2019）0000003", "安管", "C9", _id15(7)[1], "周凯"),
        ["合计", None, None, None, None, "共7条"],
    ]
    export = _export(tmp_path / "证书库导出.xlsx", rows)
    photos = _photos_zip(
        tmp_path / "照片.zip",
        {
            f"photos/{ag_number}.jpg": GOOD_PHOTO,  # by certificate number
            f"photos/{tz_id}.jpg": GOOD_PHOTO,  # by ID number
            f"photos/{jn_id}.jpg": _picture((600, 800)),  # too big, wrong size, no 300 dpi
        },
    )
    sender = CentralSender(central.client("admin"))
    report = import_register(desk, ADMIN, export, sender, photos=photos)
    assert (report.rows, report.valid, report.invalid, report.skipped) == (8, 3, 4, 1), report.text()
    assert (report.new, report.changed, report.unchanged) == (3, 0, 0)
    assert (report.photos, report.photos_rejected) == (2, 1)
    errors = {e.row: e.text for e in report.errors}
    assert "“证书状态”状态“X9”不在状态对照表中" in errors[6]
    assert "“身份证号”" in errors[7] and "校验位" in errors[7]
    assert "与第3行是同一张证书" in errors[8]
    assert "“C9”不是安管人员的类别" in errors[9]
    assert report.photo_notes[0].row == 5
    assert (
        "证书已导入，照片未导入" in report.photo_notes[0].text
        and "KB，超过50 KB" not in report.photo_notes[0].text
    )
    assert "应为413×579" in report.photo_notes[0].text and "300 dpi" in report.photo_notes[0].text
    assert report.error_workbook is not None and report.error_workbook.exists()
    book = openpyxl.load_workbook(report.error_workbook).worksheets[0]
    assert [r[-1].value for r in book.iter_rows(min_row=2)] == [5, 6, 7, 8, 9]

    with central.store.read() as s:
        certs = {c.number: c for c in s.execute(select(Certificate)).scalars()}
        person = s.execute(select(Person).where(Person.id_number == new18)).scalar_one()
        assert len(certs) == 3
        assert (certs[ag_number].holder_id_number, certs[ag_number].status) == (new18, "01")
        assert certs[ag_number].photo_sha256 and certs["豫建技201900000077"].photo_sha256 is None
        assert (certs["豫A012019000123"].family, certs["豫A012019000123"].category) == ("TZ", "01")
        assert certs["豫建技201900000077"].valid_to is None and certs["豫建技201900000077"].category == "02"
        assert (person.old_id_number, person.photo_sha256) == (old15, certs[ag_number].photo_sha256)

    # Every counter gets them through the feed; the imported version is not waiting in a print queue.
    other = counter(tmp_path / "other-desk", "WS-02")
    assert worker(other, central, "clerk01").run_once().error is None
    with other.store.read() as s:
        assert set(s.execute(select(Certificate.number)).scalars()) == set(certs)
        assert s.execute(select(Person.old_id_number).where(Person.id_number == new18)).scalar() == old15
    assert certificate_printing.print_queue(other) == []

    # The same export again changes nothing and feeds nothing.
    with central.store.read() as s:
        feed_before = s.execute(select(func.count()).select_from(Change)).scalar()
    again = import_register(desk, ADMIN, export, CentralSender(central.client("admin")), photos=photos)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    with central.store.read() as s:
        assert s.execute(select(func.count()).select_from(Change)).scalar() == feed_before


def test_renewal_change_and_reissue_of_imported_certificates_print(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "desk", "WS-01")
    builder = Builder(desk, seed=31)
    items = ("AG-RENEW", "AG-CHG-EMPLOYER", "TZ-REISSUE")
    scenarios = {code: builder.scenario(code) for code in items}
    legacy: dict[str, str] = {}
    rows = []
    for n, (code, sc) in enumerate(scenarios.items(), start=1):
        family = code[:2]
        number = {"AG": f"豫建安C2（2018）{n:07d}", "TZ": f"豫A012018{n:06d}"}[family]
        legacy[code] = number
        category = "C2" if family == "AG" else "01"
        company = sc.form.get("company_name") or sc.form.get("old_company_name") or "河南测试建设有限公司"
        rows.append(
            _row(
                n,
                number,
                {"AG": "安管", "TZ": "特种作业"}[family],
                category,
                sc.id_number,
                sc.form["name"],
                company=company,
                code=sc.company_code if family == "AG" else None,
                issued=date(2024, 1, 10),
                valid_to=TODAY + timedelta(days=45)
                if code.endswith("RENEW")
                else TODAY + timedelta(days=400),
            )
        )
    photos = tmp_path / "照片"
    photos.mkdir()
    for sc in scenarios.values():
        (photos / f"{sc.id_number}.jpg").write_bytes(GOOD_PHOTO)
    report = import_register(
        desk,
        ADMIN,
        _export(tmp_path / "导出.xlsx", rows),
        CentralSender(central.client("admin")),
        photos=photos,
    )
    assert (report.new, report.invalid, report.photos) == (3, 0, 3), report.text()
    with desk.store.write() as s:  # only the imported certificates: drop the ones the builder made up
        s.execute(
            delete(Certificate).where(
                Certificate.number.in_([sc.certificate_number for sc in scenarios.values()])
            )
        )
    assert worker(desk, central, "clerk01").run_once().error is None

    signing_keys.create_key(desk, ADMIN, "hn2026a", "correct horse battery")
    signer = signing_keys.unlock(desk, SUPERVISOR, "correct horse battery")
    photo_loader = make_page_loader(desk, lambda: central.client("sup01"))
    for code, sc in scenarios.items():
        form = dict(sc.form, certificate_number=legacy[code])
        draft = intake.create_draft(
            desk,
            CLERK,
            code,
            form,
            conditions=all_conditions(desk, code),
            material_states=all_materials(desk, code),
        )
        received = intake.submit(desk, CLERK, draft.uuid)
        accepted = intake.accept(desk, CLERK, received.uuid)
        approved = review.approve(desk, SUPERVISOR, accepted.uuid)
        assert approved.certificate_number == legacy[code], code
        # The certificate is printed once the central store has accepted the approval (it derives the same).
        for who in ("clerk01", "sup01"):
            assert worker(desk, central, who, streams=()).push_all(desk.now())["rejected"] == 0
        view = documents.certificate_view(desk, legacy[code], signer=signer, photo_loader=photo_loader)
        assert view.version == 2 and view.photo_jpeg == GOOD_PHOTO
        pdf = render_certificate(view)
        record = certificate_printing.print_certificate(desk, SUPERVISOR, legacy[code], pdf, "HP", version=2)
        assert (record.version, record.reprint) == (2, False)
        with desk.store.read() as s:
            cert = s.execute(select(Certificate).where(Certificate.number == legacy[code])).scalar_one()
            versions = s.execute(
                select(CertificateVersion.version, CertificateVersion.created_by, CertificateVersion.voided)
                .where(CertificateVersion.certificate_id == cert.id)
                .order_by(CertificateVersion.version)
            ).all()
        assert versions[0][:2] == (1, "legacy-import") and versions[1][0] == 2
        if code == "AG-RENEW":
            assert cert.valid_to is not None and cert.valid_to > TODAY + timedelta(days=400)
        elif code == "AG-CHG-EMPLOYER":
            assert cert.company_code == sc.form["new_company_code"]
        else:
            assert versions[0][2] is True  # the reissue voids the legacy version
    assert certificate_printing.print_queue(desk) == []


def test_only_admins_import_the_register(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "desk", "WS-01")
    export = _export(
        tmp_path / "e.xlsx", [_row(1, "豫建安C2（2019）0000009", "安管", "C2", _id15(9)[1], "吴刚")]
    )
    checked = import_register(desk, ADMIN, export, None)
    assert (checked.valid, checked.new) == (1, 0)  # a check only: nothing sent
    with pytest.raises(DomainError) as info:
        import_register(desk, ADMIN, export, CentralSender(central.client("clerk01")))
    assert "中心库拒绝导入" in info.value.message
    with central.store.read() as s:
        assert s.execute(select(func.count()).select_from(Certificate)).scalar() == 0


def test_command_line_imports_into_the_central_store(
    sqlite_central: Central,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main
    from tests.sync.helpers import PASSWORDS

    data_dir = str(tmp_path / "cli-desk")
    first_password = tmp_path / "admin-password.txt"
    first_password.write_text(PASSWORDS["admin"] + "\n", encoding="utf-8")
    assert (
        main(["--data-dir", data_dir, "init", "--no-demo", "--admin-password-file", str(first_password)]) == 0
    )
    export = _export(
        tmp_path / "导出.xlsx",
        [
            _row(1, "豫建安C2（2019）0000011", "安管", "C2", _id15(11)[1], "吴刚"),
            _row(2, "豫建安C2（2019）0000012", "安管", "C2", "123", "郑伟"),
        ],
    )
    photos = tmp_path / "照片"
    photos.mkdir()
    (photos / f"{_id15(11)[1]}.jpg").write_bytes(GOOD_PHOTO)
    monkeypatch.setenv("COUNTERDESK_PASSWORD", PASSWORDS["admin"])
    args = ["--data-dir", data_dir, "import", "certificates", str(export), "--photos", str(photos)]
    assert main([*args, "--dry-run"]) == 1
    assert "可导入 1，有错误 1" in capsys.readouterr().out
    with sqlite_central.store.read() as s:
        assert s.execute(select(func.count()).select_from(Certificate)).scalar() == 0
    assert main([*args, "--central", sqlite_central.url]) == 1  # one bad row: exit code says so
    out = capsys.readouterr().out
    assert "中心库：新增 1" in out and "照片：已导入 1" in out and "第4行 错误" in out
    with sqlite_central.store.read() as s:
        assert s.execute(select(Certificate.number)).scalars().all() == ["豫建安C2（2019）0000011"]


def test_each_batch_commits_before_the_next_and_another_writer_gets_in_between(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import holds the central store's write lock batch by batch, never across batches: between two
    batches another connection sees every certificate sent so far and updates one of them (on PostgreSQL it
    would wait for a row lock still held; on SQLite for the database's write lock)."""
    monkeypatch.setattr(register_service, "BATCH", 2)
    desk = counter(tmp_path / "admin-desk", "WS-01")
    rows = [_row(n, f"豫建安C2（2019）{n:07d}", "安管", "C2", _id15(n)[1], f"持证人{n}") for n in range(1, 6)]
    gate, done, stop = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def other_writer() -> None:
        while gate.wait() and not stop.is_set():
            gate.clear()
            with central.store.write() as s:
                if not central.store.is_sqlite:
                    s.execute(text("SET LOCAL lock_timeout = '30s'"))
                seen.append(int(s.execute(select(func.count()).select_from(Certificate)).scalar() or 0))
                first = s.execute(select(Certificate).order_by(Certificate.id).limit(1)).scalar_one()
                first.training_body = "另一连接写入"
            done.set()

    def progress(phase: str, sent: int, total: int | None) -> bool:
        if phase == "send" and 0 < sent < (total or 0):
            done.clear()
            gate.set()
            assert done.wait(120), "another writer could not commit between two batches"
            assert seen[-1] == sent  # every batch sent so far is committed, none of the next
        return True

    writer = threading.Thread(target=other_writer)
    writer.start()
    try:
        report = import_register(
            desk,
            ADMIN,
            _export(tmp_path / "导出.xlsx", rows),
            CentralSender(central.client("admin")),
            progress=progress,
        )
    finally:
        stop.set()
        gate.set()
        writer.join()
    assert (report.new, report.sent, seen) == (5, 5, [2, 4])
    with central.store.read() as s:
        assert s.execute(select(func.count()).select_from(Certificate)).scalar() == 5
        bodies = s.execute(select(Certificate.training_body).order_by(Certificate.id)).scalars().all()
        assert bodies == ["另一连接写入", None, None, None, None]

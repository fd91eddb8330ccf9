"""Documents from real store data: certificates of each family with photo and signed QR, notices, forms, and the
print record (archive, printed marker, reprint reason). `Desk` is shared with the verification and UI tests."""

from __future__ import annotations

import io
import json
import re
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import select

from app.domain.errors import DomainError
from app.models import AuditEvent, Certificate, CertificateVersion, SmsMessage
from app.printing import render_certificate, render_form, render_notice, verify_payload
from app.printing.codes import barcode_text
from app.services import (
    certificate_printing,
    documents,
    intake,
    materials,
    review,
    settings,
    signing_keys,
    sms_gateway,
)
from app.services.audit_log import timeline
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from tests.services.scenarios import Builder, Scenario, all_conditions, all_materials, fixed_clock

PASSPHRASE = "correct horse battery"
KEY_ID = "hn2026a"
# One item per family that issues a certificate version through the review: JN certificates come from the
# training body, so the JN one is a change.
ISSUING = {"AG": "AG-FIRST", "TZ": "TZ-FIRST", "JN": "JN-CHG-EMPLOYER"}


def photo_jpeg() -> bytes:
    image = Image.new("RGB", (600, 800), (90, 140, 210))
    draw = ImageDraw.Draw(image)
    draw.ellipse((180, 140, 420, 420), fill=(235, 200, 170))
    draw.rectangle((120, 470, 480, 800), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def page_jpeg(text_rows: int = 12) -> bytes:
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for i in range(text_rows):
        draw.rectangle((120, 200 + i * 90, 1100 - (i % 3) * 150, 230 + i * 90), fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class Desk:
    """A counter and a back office on one real store: applications with scanned materials, reviewed and issued."""

    ctx: ServiceContext
    clerk: Actor
    supervisor: Actor
    admin: Actor

    def __post_init__(self) -> None:
        fixed_clock(self.ctx)
        self.builder = Builder(self.ctx)
        self.loader = documents.loader_of(lambda sha: materials.read_page(self.ctx, sha))
        self._signer: signing_keys.Signer | None = None
        self.used_ids: set[str] = set()

    @property
    def signer(self) -> signing_keys.Signer:
        if self._signer is None:
            if signing_keys.active_key_id(self.ctx) is None:
                signing_keys.create_key(self.ctx, self.admin, KEY_ID, PASSPHRASE)
            self._signer = signing_keys.unlock(self.ctx, self.supervisor, PASSPHRASE)
        return self._signer

    def scenario(self, item_code: str) -> Scenario:
        """An eligible applicant whose ID number no other application of this desk uses."""
        sc = self.builder.scenario(item_code)
        while sc.id_number in self.used_ids:  # the builder's generator repeats an ID now and then
            sc = self.builder.scenario(item_code)
        self.used_ids.add(sc.id_number)
        return sc

    def accepted(
        self, item_code: str, *, photo: bool = True, received_by: Actor | None = None, scans: bool = True
    ) -> ApplicationView:
        who = received_by or self.clerk
        sc = self.scenario(item_code)
        draft = intake.create_draft(
            self.ctx,
            who,
            item_code,
            sc.form,
            conditions=all_conditions(self.ctx, item_code),
            material_states=all_materials(self.ctx, item_code),
        )
        codes = {r.code for r in self.ctx.catalogue.item(item_code).materials}
        if scans and photo and "photo" in codes:
            materials.attach(
                self.ctx, who, draft.uuid, "photo", materials.prepare("photo", "照片.jpg", photo_jpeg())
            )
        if scans and "id_card_front" in codes:
            pages = materials.prepare("id_card_front", "身份证.jpg", page_jpeg())
            materials.attach(self.ctx, who, draft.uuid, "id_card_front", pages)
        received = intake.submit(self.ctx, who, draft.uuid)
        return intake.accept(self.ctx, who, received.uuid)

    def issued(self, family: str, *, photo: bool = True) -> str:
        """The number of a certificate just issued (or changed) by an approved application of this family."""
        app = self.accepted(ISSUING[family], photo=photo)
        number = review.approve(self.ctx, self.supervisor, app.uuid).certificate_number
        assert number
        if family == "JN" and photo:
            # The JN change item collects no photo: the holder's photo comes from the register.
            sha = materials.store(self.ctx).put(photo_jpeg(), encrypt=True).sha256
            with self.ctx.store.write() as s:
                s.execute(
                    select(Certificate).where(Certificate.number == number)
                ).scalar_one().photo_sha256 = sha
        return number

    def pdf(self, number: str) -> tuple[bytes, int]:
        view = documents.certificate_view(self.ctx, number, signer=self.signer, photo_loader=self.loader)
        return render_certificate(view), view.version


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


def squash(text: str) -> str:
    return re.sub(r"[\s　]+", "", text)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return squash(
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    )


def fonts_embedded(pdf: bytes, tmp_path: Path) -> bool:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    return bool(rows) and all(cols[-5] == "yes" for cols in rows)


def page_image(pdf: bytes, tmp_path: Path, dpi: int = 200) -> Image.Image:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    return Image.open(next(tmp_path.glob("page-*.png"))).convert("RGB")


@pytest.mark.parametrize("family", ["AG", "TZ", "JN"])
def test_certificate_from_the_store_shows_its_fields_and_its_qr_verifies(desk, family, tmp_path):
    number = desk.issued(family)
    pdf, _version = desk.pdf(number)
    with desk.ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
    fam = desk.ctx.catalogue.family(family)
    text = pdf_text(pdf, tmp_path)
    expected = [number, cert.holder_name, cert.holder_id_number, fam.issuer, "2026年11月23日"]
    expected.append(squash(fam.categories[cert.category]))
    if family == "AG":
        expected += [cert.company_name, "C2"]
    if family == "JN":
        expected += ["中级工"]
    for value in expected:
        assert squash(value) in text, value
    assert fonts_embedded(pdf, tmp_path)
    found = {str(b.format): b.text for b in zxingcpp.read_barcodes(page_image(pdf, tmp_path))}
    verified = verify_payload(found["QR Code"], signing_keys.public_keys(desk.ctx))
    assert verified.key_id == KEY_ID
    assert verified.fields.number == number and verified.fields.version == cert.version
    assert verified.fields.masked_name.startswith(cert.holder_name[0]) and "*" in verified.fields.masked_name
    assert found["Code 128"] == barcode_text(number)


def test_missing_photo_is_a_clear_error_unless_a_placeholder_is_allowed(desk):
    number = desk.issued("AG", photo=False)
    with pytest.raises(DomainError) as err:
        documents.certificate_view(desk.ctx, number, signer=desk.signer, photo_loader=desk.loader)
    assert err.value.code == "PHOTO_MISSING" and number in err.value.message and err.value.fix
    view = documents.certificate_view(
        desk.ctx, number, signer=desk.signer, photo_loader=desk.loader, allow_missing_photo=True
    )
    assert view.photo_jpeg is None
    assert render_certificate(view, allow_missing_photo=True).startswith(b"%PDF")


def test_photo_recorded_but_not_on_this_machine(desk):
    number = desk.issued("TZ")
    with pytest.raises(DomainError) as err:
        documents.certificate_view(desk.ctx, number, signer=desk.signer, photo_loader=lambda _sha: None)
    assert err.value.code == "PHOTO_MISSING" and "不在本机" in err.value.message


def test_print_archives_marks_printed_and_audits_and_reprint_needs_a_reason(desk):
    number = desk.issued("AG")
    assert [p.number for p in certificate_printing.print_queue(desk.ctx)] == [number]
    pdf, version = desk.pdf(number)
    record = certificate_printing.print_certificate(
        desk.ctx, desk.supervisor, number, pdf, "HP LaserJet", version=version
    )
    assert not record.reprint and record.archive_path.read_bytes() == pdf
    assert record.archive_path.is_relative_to(desk.ctx.data_dir / "printed")
    assert certificate_printing.print_state(desk.ctx, number).printed_at == record.printed_at
    assert certificate_printing.print_queue(desk.ctx) == []

    with pytest.raises(DomainError) as err:
        certificate_printing.print_certificate(
            desk.ctx, desk.supervisor, number, pdf, "HP LaserJet", reason="  "
        )
    assert err.value.code == "REPRINT_REASON_REQUIRED"
    again = certificate_printing.print_certificate(
        desk.ctx, desk.supervisor, number, pdf, "HP LaserJet", reason="卡纸"
    )
    assert again.reprint
    with desk.ctx.store.read() as s:
        events = (
            s.execute(
                select(AuditEvent).where(AuditEvent.entity == "certificate", AuditEvent.entity_id == number)
            )
            .scalars()
            .all()
        )
    prints = [(e.action, e.detail.get("reason"), e.detail["printer"]) for e in events if "print" in e.action]
    assert prints == [
        ("certificate.print", None, "HP LaserJet"),
        ("certificate.reprint", "卡纸", "HP LaserJet"),
    ]
    assert all(e.detail["sha256"] == record.sha256 for e in events if "print" in e.action)


def test_print_of_a_stale_version_or_by_a_clerk_records_nothing(desk):
    number = desk.issued("TZ")
    pdf, version = desk.pdf(number)
    with pytest.raises(DomainError) as err:
        certificate_printing.print_certificate(
            desk.ctx, desk.supervisor, number, pdf, "P1", version=version - 1 or 99
        )
    assert err.value.code == "CERT_CHANGED"
    with pytest.raises(DomainError) as err:
        certificate_printing.print_certificate(desk.ctx, desk.clerk, number, pdf, "P1")
    assert err.value.code == "PRINT_ROLE"
    assert certificate_printing.print_state(desk.ctx, number).printed_at is None
    assert not certificate_printing.archive_dir(desk.ctx).exists()


def test_reissue_voids_the_printed_copy_and_queues_the_new_version(desk):
    number = desk.issued("AG")
    pdf, version = desk.pdf(number)
    certificate_printing.print_certificate(desk.ctx, desk.supervisor, number, pdf, "P1", version=version)
    sc_form = {"certificate_number": number}
    with desk.ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
        idn, name = cert.holder_id_number, cert.holder_name
    form = {**sc_form, "id_number": idn, "name": name, "mobile": "13838012345", "reissue_reason": "损毁"}
    draft = intake.create_draft(
        desk.ctx,
        desk.clerk,
        "AG-REISSUE",
        form,
        conditions=all_conditions(desk.ctx, "AG-REISSUE"),
        material_states=all_materials(desk.ctx, "AG-REISSUE"),
    )
    accepted = intake.accept(desk.ctx, desk.clerk, intake.submit(desk.ctx, desk.clerk, draft.uuid).uuid)
    review.approve(desk.ctx, desk.supervisor, accepted.uuid)
    state = certificate_printing.print_state(desk.ctx, number)
    assert state.version == version + 1 and not state.is_reprint
    assert [p.number for p in certificate_printing.print_queue(desk.ctx)] == [number]
    with desk.ctx.store.read() as s:
        rows = s.execute(select(CertificateVersion).order_by(CertificateVersion.id)).scalars().all()
    assert [(r.version, r.voided, r.printed_at is not None) for r in rows] == [
        (1, True, True),
        (2, False, False),
    ]


def test_every_notice_from_the_store(desk, tmp_path):
    app = desk.accepted("AG-CHG-EMPLOYER")
    returned = review.return_application(
        desk.ctx, desk.supervisor, app.uuid, "劳动合同与新聘用企业名称不一致"
    )
    for kind, must in (
        ("receipt", ["材料接收凭证", "居民身份证（人像面）"]),
        ("acceptance", ["受理通知书", "居民身份证（人像面）"]),
        ("return", ["退件通知书", "劳动合同与新聘用企业名称不一致"]),
    ):
        pdf = render_notice(documents.notice_view(desk.ctx, returned.uuid, kind, clerk_name="张敏"))
        text = pdf_text(pdf, tmp_path)
        for value in [*must, returned.number, returned.applicant_name, returned.id_number[:6] + "********"]:
            assert squash(value) in text, (kind, value)
        assert fonts_embedded(pdf, tmp_path)

    sc = desk.scenario("AG-RENEW")
    draft = intake.create_draft(
        desk.ctx, desk.clerk, "AG-RENEW", sc.form, conditions=all_conditions(desk.ctx, "AG-RENEW")
    )
    received = intake.submit(desk.ctx, desk.clerk, draft.uuid)
    missing = ["原证书原件", "申请表（系统打印，本人签字、企业盖章）"]
    corrected = intake.request_correction(desk.ctx, desk.clerk, received.uuid, missing, "材料不齐")
    text = pdf_text(render_notice(documents.notice_view(desk.ctx, corrected.uuid, "correction")), tmp_path)
    assert all(squash(m) in text for m in missing) and "补正告知书" in text

    sc = desk.scenario("TZ-FIRST")
    draft = intake.create_draft(
        desk.ctx, desk.clerk, "TZ-FIRST", sc.form, conditions=all_conditions(desk.ctx, "TZ-FIRST")
    )
    received = intake.submit(desk.ctx, desk.clerk, draft.uuid)
    refused = intake.refuse(desk.ctx, desk.clerk, received.uuid, "申请人年龄超过该工种上限")
    text = pdf_text(render_notice(documents.notice_view(desk.ctx, refused.uuid, "refusal")), tmp_path)
    assert "不予受理通知书" in text and "申请人年龄超过该工种上限" in text


def test_application_forms_from_the_store(desk, tmp_path):
    generic = desk.accepted("AG-FIRST")
    text = pdf_text(
        render_form(documents.form_view(desk.ctx, generic.uuid, photo_loader=desk.loader)), tmp_path
    )
    for value in (
        "首次申请",
        generic.applicant_name,
        generic.id_number,
        "C2",
        "专职安全生产管理人员（土建类）",
        generic.number,
    ):
        assert squash(value) in text, value

    change = desk.accepted("JN-CHG-EMPLOYER")
    view = documents.form_view(desk.ctx, change.uuid, photo_loader=desk.loader)
    assert view.change_reason == "工作单位变更"
    assert (
        view.old_company == change.form["old_company_name"]
        and view.new_company == change.form["new_company_name"]
    )
    pdf = render_form(view)
    text = pdf_text(pdf, tmp_path)
    for value in (
        "信息变更申请表",
        change.applicant_name,
        change.certificate_number,
        view.old_company,
        view.new_company,
    ):
        assert squash(value) in text, value
    assert fonts_embedded(pdf, tmp_path)

    personal = desk.accepted("JN-CHG-PERSONAL")
    view = documents.form_view(desk.ctx, personal.uuid)
    assert "刘建民" in view.personal_after and personal.applicant_name in view.personal_before

    cancel = desk.accepted("JN-CANCEL")
    view = documents.form_view(desk.ctx, cancel.uuid)
    text = pdf_text(render_form(view), tmp_path)
    assert "注销申请表" in text and "本人申请" in text and squash(cancel.certificate_number) in text


# ---------------------------------------------------------------- SMS notices (the outbox and its gateways)


class _SmsServer:
    """A tiny real HTTP server on loopback: answers each POST with the next planned status code."""

    def __init__(self, plan: list[int]) -> None:
        self.plan = plan
        self.received: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.received.append({"auth": self.headers.get("Authorization"), **json.loads(body)})
                status = owner.plan.pop(0) if owner.plan else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"ok": status == 200}).encode())

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sms"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _sms_rows(ctx):
    with ctx.store.read() as s:
        return s.execute(select(SmsMessage).order_by(SmsMessage.id)).scalars().all()


def test_sms_log_gateway_sends_and_the_timeline_shows_it(desk):
    returned = review.return_application(
        desk.ctx, desk.supervisor, desk.accepted("AG-FIRST").uuid, "照片不合格"
    )
    report = sms_gateway.send_pending(desk.ctx, sms_gateway.gateway_from_settings(desk.ctx))
    assert (report.sent, report.failed) == (1, 0)
    [row] = _sms_rows(desk.ctx)
    assert row.state == "sent" and row.sent_at is not None and row.attempts == 1
    [line] = sms_gateway.log_path(desk.ctx).read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["mobile"] == returned.mobile and "照片不合格" in json.loads(line)["text"]
    actions = [e.action for e in timeline(desk.ctx, "application", returned.uuid)]
    assert actions[-2:] == ["sms.queued", "sms.sent"]
    assert (
        sms_gateway.send_pending(desk.ctx, sms_gateway.LogGateway(sms_gateway.log_path(desk.ctx))).sent == 0
    )


def test_sms_http_gateway_retries_a_failure_later(desk):
    server = _SmsServer([503])
    try:
        approved = review.approve(desk.ctx, desk.supervisor, desk.accepted("TZ-FIRST").uuid)
        settings.put(desk.ctx, desk.admin, "sms", {"gateway": "http", "url": server.url, "token": "t0ken"})
        gateway = sms_gateway.gateway_from_settings(desk.ctx)
        assert isinstance(gateway, sms_gateway.HttpGateway)
        first = sms_gateway.send_pending(desk.ctx, gateway)
        assert (first.sent, first.failed) == (0, 1)
        [row] = _sms_rows(desk.ctx)
        assert row.state == "queued" and row.attempts == 1 and "HTTP 503" in row.error
        second = sms_gateway.send_pending(desk.ctx, gateway)
        assert (second.sent, second.failed) == (1, 0)
        [row] = _sms_rows(desk.ctx)
        assert row.state == "sent" and row.attempts == 2 and row.error is None
        assert [r["mobile"] for r in server.received] == [approved.mobile] * 2
        assert server.received[-1]["auth"] == "Bearer t0ken" and "已办结" in server.received[-1]["text"]
        actions = [e.action for e in timeline(desk.ctx, "application", approved.uuid)]
        assert actions[-3:] == ["sms.queued", "sms.failed", "sms.sent"]
    finally:
        server.close()


def test_sms_gateway_unreachable_then_given_up_and_requeued(desk):
    server = _SmsServer([])
    url = server.url
    server.close()  # nothing listens on the port any more
    review.return_application(desk.ctx, desk.supervisor, desk.accepted("AG-FIRST").uuid, "材料不清晰")
    gateway = sms_gateway.HttpGateway(url, timeout=2.0)
    for attempt in range(1, 4):
        report = sms_gateway.send_pending(desk.ctx, gateway, max_attempts=3)
        assert report.sent == 0 and report.gave_up == (1 if attempt == 3 else 0)
    [row] = _sms_rows(desk.ctx)
    assert row.state == "failed" and row.attempts == 3 and "无法连接" in row.error
    assert sms_gateway.send_pending(desk.ctx, gateway).failed == 0  # given up: not retried by itself
    assert sms_gateway.retry_failed(desk.ctx, desk.admin) == 1
    assert (
        sms_gateway.send_pending(desk.ctx, sms_gateway.LogGateway(sms_gateway.log_path(desk.ctx))).sent == 1
    )
    with pytest.raises(DomainError):
        sms_gateway.HttpGateway("ftp://sms.example")

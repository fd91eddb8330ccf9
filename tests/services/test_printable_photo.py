"""Every approved application can be printed (issue 10, item 3): where no photo is on file the item's material
list asks for one, the rule panel says so, acceptance and approval refuse what could not be printed, and a photo
collected with a renewal is the one the renewed certificate is printed with."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.rules import RulesFailed
from app.models import Certificate, Person, SmsMessage
from app.printing import render_certificate
from app.services import documents, intake, materials, review
from tests.services.scenarios import all_conditions, all_materials
from tests.services.test_documents import Desk, photo_jpeg

PRINTING = ("AG-RENEW", "TZ-RENEW", "AG-REISSUE", "AG-CHG-EMPLOYER", "JN-CHG-PERSONAL")


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


def _draft(desk: Desk, item_code: str, *, photo_on_file: bool, photo_state: str = "missing"):
    sc = desk.builder.scenario(item_code, photo_on_file=photo_on_file)
    states = all_materials(desk.ctx, item_code) | {"photo": photo_state}
    draft = intake.create_draft(
        desk.ctx,
        desk.clerk,
        item_code,
        sc.form,
        conditions=all_conditions(desk.ctx, item_code),
        material_states=states,
    )
    return sc, draft


@pytest.mark.parametrize("item_code", PRINTING)
def test_items_that_print_list_a_photo_and_the_rule_panel_asks_for_it(desk, item_code):
    item = desk.ctx.catalogue.item(item_code)
    photo = next((r for r in item.materials if r.material.kind == "photo"), None)
    assert photo is not None, f"{item_code} prints a certificate but lists no photo"
    assert "PHOTO_ON_FILE" in item.rules
    sc, draft = _draft(desk, item_code, photo_on_file=False)
    failures = [f for f in intake.evaluate_application(desk.ctx, draft.uuid) if f.blocking]
    assert [f.rule for f in failures] == ["PHOTO_ON_FILE"]
    assert "证件照" in failures[0].message and "无法打印" in failures[0].message
    assert "扫描" in failures[0].fix and "50KB" in failures[0].fix and "补正" in failures[0].fix
    # The clerk may still receive it (and ask for the photo at once), but not accept it.
    received = intake.submit(desk.ctx, desk.clerk, draft.uuid)
    with pytest.raises(RulesFailed) as err:
        intake.accept(desk.ctx, desk.clerk, received.uuid)
    assert err.value.stopping[0].rule == "PHOTO_ON_FILE"


@pytest.mark.parametrize("item_code", ["AG-CANCEL", "TZ-CHG-TRANSFER-OUT"])
def test_items_that_print_nothing_need_no_photo(desk, item_code):
    _sc, draft = _draft(desk, item_code, photo_on_file=False)
    assert not [f for f in intake.evaluate_application(desk.ctx, draft.uuid) if f.rule == "PHOTO_ON_FILE"]
    accepted = intake.accept(desk.ctx, desk.clerk, intake.submit(desk.ctx, desk.clerk, draft.uuid).uuid)
    assert review.approve(desk.ctx, desk.supervisor, accepted.uuid).status == "approved"


def test_a_photo_ticked_as_scanned_but_never_captured_is_not_accepted(desk):
    _sc, draft = _draft(desk, "AG-RENEW", photo_on_file=False, photo_state="scanned")
    assert not [f for f in intake.evaluate_application(desk.ctx, draft.uuid) if f.blocking]
    received = intake.submit(desk.ctx, desk.clerk, draft.uuid)
    with pytest.raises(DomainError) as err:
        intake.accept(desk.ctx, desk.clerk, received.uuid)
    assert err.value.code == "PHOTO_REQUIRED" and "不能受理" in err.value.message
    assert intake.get(desk.ctx, received.uuid).status == "received"


def test_paper_photo_is_not_enough(desk):
    _sc, draft = _draft(desk, "AG-RENEW", photo_on_file=False, photo_state="paper")
    failures = [f for f in intake.evaluate_application(desk.ctx, draft.uuid) if f.rule == "PHOTO_ON_FILE"]
    assert failures and "尚未扫描" in failures[0].message


def test_review_refuses_to_approve_what_could_not_be_printed(desk):
    sc, draft = _draft(desk, "AG-RENEW", photo_on_file=True)
    accepted = intake.accept(desk.ctx, desk.clerk, intake.submit(desk.ctx, desk.clerk, draft.uuid).uuid)
    with desk.ctx.store.write() as s:  # the registry record was replaced meanwhile, without the photo
        s.execute(select(Person).where(Person.id_number == sc.id_number)).scalar_one().photo_sha256 = None
    with pytest.raises(DomainError) as err:
        review.approve(desk.ctx, desk.supervisor, accepted.uuid)
    assert err.value.code == "PHOTO_REQUIRED"
    assert "不能审核通过" in err.value.message and "无法打印" in err.value.message
    assert "退件" in (err.value.fix or "") and "证件照" in (err.value.fix or "")
    assert intake.get(desk.ctx, accepted.uuid).status == "accepted"
    with desk.ctx.store.read() as s:
        assert s.execute(select(SmsMessage)).first() is None  # nobody was told to collect a certificate
        cert = s.execute(select(Certificate).where(Certificate.number == sc.certificate_number)).scalar_one()
        assert cert.version == 1


def test_approved_renewal_without_a_photo_on_file_prints_with_the_photo_collected_at_intake(desk):
    sc, draft = _draft(desk, "AG-RENEW", photo_on_file=False)
    pages = materials.prepare("photo", "照片.jpg", photo_jpeg())
    materials.attach(desk.ctx, desk.clerk, draft.uuid, "photo", pages)
    assert not [f for f in intake.evaluate_application(desk.ctx, draft.uuid) if f.blocking]
    accepted = intake.accept(desk.ctx, desk.clerk, intake.submit(desk.ctx, desk.clerk, draft.uuid).uuid)
    approved = review.approve(desk.ctx, desk.supervisor, accepted.uuid)
    assert approved.certificate_number == sc.certificate_number
    with desk.ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == sc.certificate_number)).scalar_one()
        assert cert.photo_sha256 == pages[0].sha256 and cert.version == 2
    view = documents.certificate_view(
        desk.ctx, sc.certificate_number, signer=desk.signer, photo_loader=desk.loader
    )
    assert view.photo_jpeg and render_certificate(view).startswith(b"%PDF")

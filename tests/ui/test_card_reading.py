"""读卡 (F4) in the intake form with the simulated reader: the card fills the form and 提取; an expired card is a
rule failure with its fix."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.capture.idcard_reader import SamSerialReader
from tests.capture.sam_simulator import CARD, Behaviour, SimulatedReader
from tests.services.scenarios import Builder
from tests.ui.test_intake_flow import open_screen, wait_idle
from tests.ui.test_intake_parts import runner  # noqa: F401  (fixture)


@pytest.fixture
def person(demo_ctx):
    sc = Builder(demo_ctx, seed=11).scenario("AG-RENEW")
    return sc.form


def _card(form: dict, valid_to: str) -> dict:
    birth = form["id_number"][6:14]
    return {
        **CARD,
        "id_number": form["id_number"],
        "name": form["name"],
        "birth": birth,
        "valid_to": valid_to,
    }


def _read(qtbot, demo_ctx, clerk, runner, card: dict):  # noqa: F811
    sim = SimulatedReader(Behaviour(card_values=card))
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    screen.card_reader = SamSerialReader(sim.path, decoder=None, timeout_s=2.0)
    screen.work.go(2)
    QTest.keyClick(screen.work.form.editors["id_number"].input, Qt.Key.Key_F4)
    return screen, sim


def test_f4_reads_the_card_fills_the_form_and_extracts(qtbot, demo_ctx, clerk, runner, person):  # noqa: F811
    screen, sim = _read(qtbot, demo_ctx, clerk, runner, _card(person, "20400101"))
    try:
        form = screen.work.form
        qtbot.waitUntil(lambda: form.values()["id_number"] == person["id_number"], timeout=10000)
        assert form.values()["name"] == person["name"]
        assert form.card["authority"] == CARD["authority"] and form.card["valid_to"] == "2040-01-01"
        # 提取 ran with the read number: the registry's certificate is in the form.
        qtbot.waitUntil(
            lambda: form.values()["certificate_number"] == person["certificate_number"], timeout=10000
        )
        wait_idle(qtbot, runner)
        assert "已提取" in screen.work.status.text()
    finally:
        sim.close()


def test_an_expired_card_is_named_with_its_fix(qtbot, demo_ctx, clerk, runner, person):  # noqa: F811
    expired = (demo_ctx.today() - timedelta(days=3)).strftime("%Y%m%d")
    screen, sim = _read(qtbot, demo_ctx, clerk, runner, _card(person, expired))
    try:
        qtbot.waitUntil(
            lambda: any(f.code == "ID_CARD_EXPIRED" for f in screen.work.rules.failures), timeout=10000
        )
        failure = next(f for f in screen.work.rules.failures if f.code == "ID_CARD_EXPIRED")
        assert "换领" in failure.fix and failure.field == "id_number"
    finally:
        sim.close()


def test_no_card_says_what_to_do(qtbot, demo_ctx, clerk, runner):  # noqa: F811
    sim = SimulatedReader(Behaviour(card=False))
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    screen.card_reader = SamSerialReader(sim.path, decoder=None, timeout_s=2.0)
    screen.work.go(2)
    QTest.keyClick(screen.work.form.editors["id_number"].input, Qt.Key.Key_F4)
    try:
        qtbot.waitUntil(lambda: "没有身份证" in screen.work.status.text(), timeout=10000)
        assert screen.work.form.values()["id_number"] == ""  # nothing typed is lost or invented
    finally:
        sim.close()


class _Decoder:
    """Stands in for the vendor's WLT decoder library: hands back a small BMP for the chip photo."""

    def decode(self, wlt: bytes) -> bytes:
        import io

        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (102, 126), (200, 210, 230)).save(out, "BMP")
        return out.getvalue()


def test_the_chip_photo_is_shown_only_with_a_decoder(qtbot, demo_ctx, clerk, runner, person):  # noqa: F811
    screen, sim = _read(qtbot, demo_ctx, clerk, runner, _card(person, "20400101"))
    try:  # no decoder: nothing offered
        qtbot.waitUntil(lambda: bool(screen.work.form.card), timeout=10000)
        assert not screen.work.chip_photo.isVisible()
        screen.card_reader = SamSerialReader(sim.path, decoder=_Decoder(), timeout_s=2.0)
        QTest.keyClick(screen.work.form.editors["id_number"].input, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: screen.work.chip_photo.isVisible(), timeout=10000)
        assert screen.work.chip_photo.pixmap().height() == 63
        wait_idle(qtbot, runner)
    finally:
        sim.close()

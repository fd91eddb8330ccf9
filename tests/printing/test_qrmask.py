from __future__ import annotations

import base64
import random

import pytest
import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

from app.printing.qrmask import FastMaskQRCode, penalty


def _texts() -> list[str]:
    rng = random.Random(20260105)
    texts = [
        "CD1:" + base64.b32encode(rng.randbytes(n)).decode().rstrip("=") for n in (1, 40, 120, 150, 170, 300)
    ]
    texts += [rng.randbytes(n).hex() + "豫建安C2（2026）" for n in (5, 60, 200)]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_same_symbol_as_qrcode(text: str) -> None:
    reference = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    reference.add_data(text)
    reference.make(fit=True)
    fast = FastMaskQRCode(error_correction=ERROR_CORRECT_M, border=0)
    fast.add_data(text)
    fast.make(fit=True)
    assert fast.get_matrix() == reference.get_matrix()
    for pattern in range(8):
        reference.makeImpl(True, pattern)
        assert penalty(reference.modules) == util.lost_point(reference.modules)

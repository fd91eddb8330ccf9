"""Printed documents: certificates, notices, application forms, their codes and seal, and the signed QR payload.

Plain data in (app.printing.data), PDF bytes out; no Qt and no database here.
"""

from __future__ import annotations

import importlib
from typing import Any

# Entry points are imported on first use (PEP 562): importing one submodule, e.g. app.printing.fonts for the
# materials bundle, must not load reportlab's graphics and barcode packages on the window's start-up path.
_EXPORTS = {
    "render_certificate": "app.printing.certificates",
    "render_certificates": "app.printing.certificates",
    "CertificateView": "app.printing.data",
    "FormView": "app.printing.data",
    "NoticeView": "app.printing.data",
    "cjk_font": "app.printing.fonts",
    "render_form": "app.printing.forms",
    "render_notice": "app.printing.notices",
    "SealConfig": "app.printing.seal",
    "draw_seal": "app.printing.seal",
    "PayloadFields": "app.printing.signing",
    "PublicKeyInfo": "app.printing.signing",
    "VerifiedPayload": "app.printing.signing",
    "generate_signing_key": "app.printing.signing",
    "load_private_key": "app.printing.signing",
    "load_public_keys": "app.printing.signing",
    "sign_payload": "app.printing.signing",
    "verify_payload": "app.printing.signing",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'app.printing' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "CertificateView",
    "FormView",
    "NoticeView",
    "PayloadFields",
    "PublicKeyInfo",
    "SealConfig",
    "VerifiedPayload",
    "cjk_font",
    "draw_seal",
    "generate_signing_key",
    "load_private_key",
    "load_public_keys",
    "render_certificate",
    "render_certificates",
    "render_form",
    "render_notice",
    "sign_payload",
    "verify_payload",
]

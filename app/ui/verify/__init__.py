"""Certificate verification (证书核验): scanner or image in, genuine/valid verdict out."""

from app.ui.verify.screen import VerifyScreen

__all__ = ["VerifyScreen"]

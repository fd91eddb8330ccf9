"""The holder's photo: every certificate an approval produces is printed with one (DOMAIN.md §6), so an item that
prints needs a photo on file — in the registry (the person's or the certificate's) or collected with this
application."""

from __future__ import annotations

from collections.abc import Iterator

from app.domain.facts import RuleContext
from app.domain.rules.core import RuleFailure, certificate_of, rule

PHOTO_MATERIAL_KIND = "photo"
PHOTO_SPEC = "近期免冠证件照（JPG，200～300dpi，不超过50KB）"


def photo_on_file(ctx: RuleContext) -> bool:
    """A photo is already in the registry for this applicant or for the certificate the item acts on."""
    if ctx.person is not None and ctx.person.photo_on_file:
        return True
    cert = certificate_of(ctx)
    return cert is not None and cert.has_photo


@rule("PHOTO_ON_FILE")
def photo_needed(ctx: RuleContext) -> Iterator[RuleFailure]:
    item = ctx.item
    if not item.prints_certificate or photo_on_file(ctx):
        return
    photo = next((r for r in item.materials if r.material.kind == PHOTO_MATERIAL_KIND), None)
    state = ctx.materials.get(photo.code, "missing") if photo is not None else "missing"
    if state in ("scanned", "electronic"):
        return
    if state == "missing" and photo is not None and photo.required:
        return  # the materials rule already names it as a required material not yet collected
    if state == "paper":
        message = "证件照已收取纸质件但尚未扫描：档案中没有申请人的证件照，证书需用扫描的照片打印"
        fix = f"请点击“扫描…”采集照片（{PHOTO_SPEC}）。"
    else:
        message = "档案中没有申请人的证件照片，审核通过后证书将无法打印"
        fix = f"请收取并扫描申请人的{PHOTO_SPEC}；申请人未带的，可一次性告知其补正。"
    yield RuleFailure("PHOTO_ON_FILE", "PHOTO_REQUIRED", message, fix, "materials")

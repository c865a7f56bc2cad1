"""A screenplay kept on the server between the web's preview and apply steps.

The browser holds only a signed token naming the kept copy (its id, its SHA-256, the minutes per page and the
preview's fingerprint); the apply step reads the bytes from the server, never from the browser, so what is
applied is exactly what was previewed. Copies are at most `MAX_SCRIPT_BYTES`, one per person and production
(a new upload replaces the last), and expire after `UPLOAD_KEPT`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from core.errors import DomainError

from ..models import Production, ScriptUpload
from ..screenplay.limits import MAX_SCRIPT_BYTES
from .plan import ScriptPreview
from .report import preview_fingerprint

UPLOAD_KEPT = timedelta(hours=2)
TOO_LARGE = f"larger than {MAX_SCRIPT_BYTES // 2**20} MB, more than any screenplay"  # refused unread, wherever it comes
_SALT = "orbitfilm.script-upload"


class UploadGone(DomainError):
    """The kept copy a token names is expired, replaced, applied already, or the token is not ours."""


@dataclass(frozen=True)
class KeptScript:
    upload: ScriptUpload
    minutes_per_page: int
    fingerprint: str  # of the preview the director saw

    @property
    def data(self) -> bytes:
        return bytes(self.upload.data)


def script_upload_keep(*, production: Production, user, data: bytes, filename: str, preview: ScriptPreview) -> str:
    """Keep the previewed file; returns the token the apply step hands back."""
    if len(data) > MAX_SCRIPT_BYTES:  # the preview refused it already; never store more than a script may be
        raise UploadGone(TOO_LARGE, path="file")
    now = timezone.now()
    ScriptUpload.objects.filter(Q(created__lt=now - UPLOAD_KEPT) | Q(production=production, uploaded_by=user)).delete()
    upload = ScriptUpload.objects.create(
        production=production, uploaded_by=user, filename=filename[:255], data=data,
        sha256=hashlib.sha256(data).hexdigest(), created=now,
    )
    return signing.dumps(
        {"upload": upload.pk, "sha256": upload.sha256, "minutes_per_page": preview.minutes_per_page,
         "preview": preview_fingerprint(preview)},
        salt=_SALT,
    )


def script_upload_take(*, production: Production, user, token: str) -> KeptScript:
    """The kept file a token names, if it is this person's upload to this production and still kept."""
    try:
        signed = signing.loads(token, salt=_SALT, max_age=UPLOAD_KEPT)
    except signing.BadSignature:  # expired tokens too
        raise UploadGone("this preview has expired or is not valid: upload the script again") from None
    upload = ScriptUpload.objects.filter(
        pk=signed["upload"], sha256=signed["sha256"], production=production, uploaded_by=user,
        created__gte=timezone.now() - UPLOAD_KEPT,
    ).first()
    if upload is None:
        raise UploadGone("this preview's file is no longer kept (applied, replaced by a newer upload, or expired): "
                         "upload the script again")
    return KeptScript(upload=upload, minutes_per_page=signed["minutes_per_page"], fingerprint=signed["preview"])


def script_upload_discard(*, kept: KeptScript) -> None:
    kept.upload.delete()

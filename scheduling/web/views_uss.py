"""The production's breakdown and schedule version as a Universal Schedule Standard (.uss) download."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe
from django.http import HttpRequest, HttpResponse

from ..uss import EXTENSION
from ..uss.selectors import uss_export
from .access import production_or_404, version_selected


@require_safe
@login_required
def uss_download(request: HttpRequest, code: str) -> HttpResponse:
    """`?version=N` or the current version (the breakdown alone before the first schedule), as `<code>.uss`."""
    production = production_or_404(request, code)
    version = version_selected(request, production)
    document = uss_export(production=production, number=version.number if version else None)
    response = HttpResponse(json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{production.code}.{EXTENSION}"'
    return response

"""The language a request is answered in: Bahasa Indonesia when it asks for it
(``?lang=id``, or ``Accept-Language: id``), else English."""

from __future__ import annotations

from starlette.requests import Request

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.platform.regions import place_label

__all__ = ["labels_for"]


def labels_for(request: Request) -> Labels:
    wanted = request.query_params.get("lang") or request.headers.get("accept-language", "")
    language = "id" if wanted.strip().lower().startswith("id") else "en"
    return Labels(language, places=place_label)

"""The service's OpenAPI document, generated from the code: ``python -m
umkm_ledger.server.openapi`` writes it to ``docs/reference/openapi.json`` (committed; a
test fails when the code and the file differ, so it cannot drift)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from umkm_ledger.server.app import create_app

__all__ = ["openapi_document", "openapi_text"]


def openapi_document() -> dict[str, Any]:
    """The document, as the service serves it at ``/openapi.json``."""
    document: dict[str, Any] = create_app("memory://").openapi()
    return document


def openapi_text() -> str:
    """The document as committed: indented, keys in the code's order, a final newline."""
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else Path("docs/reference/openapi.json")
    target.write_text(openapi_text(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

"""The Ledger's public methods and the package's exports do not change by accident:
each is listed with its signature in a golden file (made when the package moved to one
folder per context, and checked then against the Ledger of commit d9f7224)."""

from __future__ import annotations

import inspect
from pathlib import Path

import umkm_ledger

GOLDEN = Path(__file__).parents[1] / "golden" / "public_api.txt"


def _api() -> list[str]:
    lines = [f"export {name}" for name in sorted(umkm_ledger.__all__)]
    for name in sorted(dir(umkm_ledger.Ledger)):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(umkm_ledger.Ledger, name)
        if isinstance(member, property):
            lines.append(f"Ledger.{name} (read-only)")
        else:
            lines.append(f"Ledger.{name}{inspect.signature(getattr(umkm_ledger.Ledger, name))}")
    return lines


def test_the_public_api_is_the_golden_one() -> None:
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()

    now = _api()

    assert [line for line in golden if line not in now] == [], "removed or changed"
    assert [line for line in now if line not in golden] == [], f"new: add it to {GOLDEN.name}"

"""Files the ledger writes for others (exports, IATI files): always new ones. An export
never overwrites a file, which may be the only copy of an earlier export; a file to write
in a folder that does not exist is the caller's mistake, said as such."""

from __future__ import annotations

from pathlib import Path

from umkm_ledger.kernel.errors import N_, ConfigurationError

__all__ = ["in_a_folder", "new_file", "write_new_file"]


def in_a_folder(target: Path) -> None:
    """Refuse a file to write whose folder does not exist (:class:`ConfigurationError`)."""
    if not target.parent.is_dir():
        raise ConfigurationError(
            N_(
                "{path}: the folder {folder} does not exist",
                path=str(target),
                folder=str(target.parent),
            )
        )


def _exists(target: Path) -> ConfigurationError:
    return ConfigurationError(
        N_("{path} exists: an export never overwrites a file; name a new one", path=str(target))
    )


def new_file(path: str | Path) -> Path:
    """``path`` as a file to create: refused if it exists or its folder does not."""
    target = Path(path)
    if target.exists():
        raise _exists(target)
    in_a_folder(target)
    return target


def write_new_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a new file at ``path`` (refused as :func:`new_file` refuses, also
    when someone else makes the file meanwhile: theirs is left alone); returns the path."""
    target = new_file(path)
    try:
        with target.open("xb") as out:
            out.write(data)
    except FileExistsError:
        raise _exists(target) from None
    return target

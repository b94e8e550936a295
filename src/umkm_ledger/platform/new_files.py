"""Files the ledger exports for others (log exports, IATI files): always new ones. An
export never overwrites a file, which may be the only copy of an earlier export, nor one
someone else makes meanwhile; what fails half-way is removed, so no half-written export is
left to be trusted; a file to write in a folder that does not exist is the caller's
mistake, said as such."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

from umkm_ledger.kernel.errors import N_, ConfigurationError

__all__ = ["in_a_folder", "new_file", "new_text_file", "write_new_file"]

_File = TypeVar("_File", bound=IO[Any])


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


@contextmanager
def _created(path: str | Path, open_new: Callable[[Path], _File]) -> Iterator[_File]:
    """``open_new(target)`` on a new file at ``path``; refused as :func:`new_file` refuses,
    also when someone else makes it meanwhile (theirs is left alone); removed if the
    writing fails."""
    target = new_file(path)
    try:
        out = open_new(target)
    except FileExistsError:
        raise _exists(target) from None
    try:
        with out:
            yield out
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def new_text_file(path: str | Path) -> AbstractContextManager[TextIO]:
    """A new UTF-8 text file at ``path``, open for writing (see :func:`_created`)."""
    return _created(path, lambda target: target.open("x", encoding="utf-8"))


def write_new_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a new file at ``path`` (as :func:`new_text_file` does: never over
    a file, nothing left if it fails); returns the path."""
    with _created(path, lambda target: target.open("xb")) as out:
        out.write(data)
    return Path(path)

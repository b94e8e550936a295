"""Run the ```python examples in README.md and docs/**/*.md as tests, with Sybil.

Each document runs in a fresh temporary working directory (examples that create
``ledger.db`` must not litter the repository); the directory is removed afterwards.
Blocks in one document share a namespace, top to bottom. Skip a block with
``<!-- skip: next -->`` just before it (see Sybil's SkipParser).

A ```toml block is a file the page asks its reader to write: it must parse as TOML, and
when its first line names a file (``# mapping.toml``, or ``# mapping.toml: what it
is``) it is written there, in the
document's working directory, for the blocks after it to read.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

# Document namespace id -> (working directory to return to, scratch directory).
_scratch_dirs: dict[int, tuple[str, str]] = {}


def _enter_scratch_dir(namespace: dict[str, Any]) -> None:
    scratch = tempfile.mkdtemp(prefix="umkm-ledger-doc-")
    _scratch_dirs[id(namespace)] = (os.getcwd(), scratch)
    os.chdir(scratch)


def _leave_scratch_dir(namespace: dict[str, Any]) -> None:
    previous, scratch = _scratch_dirs.pop(id(namespace))
    os.chdir(previous)
    shutil.rmtree(scratch, ignore_errors=True)


def _write_toml(example: Example) -> None:
    text = str(example.parsed)
    tomllib.loads(text)  # a page's TOML that does not parse fails as its example
    named = re.match(r"#\s*([\w.-]+\.toml)(?::|\s*$)", text.partition("\n")[0])
    if named is not None:
        Path(named[1]).write_text(text, encoding="utf-8")


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), CodeBlockParser("toml", _write_toml), SkipParser()],
    patterns=["*.md"],
    setup=_enter_scratch_dir,
    teardown=_leave_scratch_dir,
).pytest()

"""Run the ```python examples in README.md and docs/**/*.md as tests, with Sybil.

Each document runs in a fresh temporary working directory (examples that create
``ledger.db`` must not litter the repository); the directory is removed afterwards.
Blocks in one document share a namespace, top to bottom. Skip a block with
``<!-- skip: next -->`` just before it (see Sybil's SkipParser).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

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


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    setup=_enter_scratch_dir,
    teardown=_leave_scratch_dir,
).pytest()

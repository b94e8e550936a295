"""The repository passes ``mypy --strict`` and ``ruff`` (lint and format), as CI demands.

Both run over the repository root with the configuration in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.static, pytest.mark.slow]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def _report(result: subprocess.CompletedProcess[str]) -> str:
    command = " ".join(str(arg) for arg in result.args)
    return f"`{command}` exited {result.returncode}:\n{result.stdout}{result.stderr}"


def _mypy_targets() -> list[str]:
    """pyproject's ``[tool.mypy] files`` that exist and hold Python, plus root conftest.py.

    Passed explicitly because mypy fails on a listed directory without .py files
    (bench/ and examples/ may be empty for a while), and because the root
    conftest.py is not under any of them.
    """
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    targets = [
        entry
        for entry in config["tool"]["mypy"]["files"]
        if (REPO_ROOT / entry).is_file() or any((REPO_ROOT / entry).rglob("*.py"))
    ]
    return [*targets, "conftest.py"]


def test_mypy_strict() -> None:
    result = _run("mypy", *_mypy_targets())
    if result.returncode != 0:
        pytest.fail(_report(result), pytrace=False)


def test_ruff_check_and_format() -> None:
    results = [_run("ruff", "check", "."), _run("ruff", "format", "--check", ".")]
    failed = [result for result in results if result.returncode != 0]
    if failed:
        pytest.fail("\n".join(_report(result) for result in failed), pytrace=False)

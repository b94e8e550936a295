"""The repository passes ``mypy --strict``, ``ruff`` (lint and format) and the import
contracts (``lint-imports``: the dependency order of the contexts, a domain free of
storage and presentation, no cycles), as CI demands.

Each runs over the repository root with the configuration in pyproject.toml.
"""

from __future__ import annotations

import ast
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


def test_import_contracts() -> None:
    # lint-imports has no ``python -m`` form; its console script's entry point is this.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, importlinter.cli as c; sys.exit(c.lint_imports_command())",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if result.returncode != 0 or "0 broken" not in result.stdout:
        pytest.fail(_report(result), pytrace=False)


def _sources() -> list[Path]:
    return sorted((REPO_ROOT / "src" / "umkm_ledger").rglob("*.py"))


def test_no_private_name_is_imported_across_modules() -> None:
    found = []
    for source in _sources():
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("umkm_ledger"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                found += [f"{source.relative_to(REPO_ROOT)}: {name}" for name in private]
    assert found == []


def test_no_class_mixes_in_another_of_the_ledgers() -> None:
    """Composition, not mixins: a class of the ledger's has at most one base of its own
    (eventsourcing's and the standard library's bases do not count)."""
    ours = {
        node.name
        for source in _sources()
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    }
    mixed = []
    for source in _sources():
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b).rpartition(".")[2] for b in node.bases]
                if len([b for b in bases if b in ours]) > 1:
                    mixed.append(f"{source.relative_to(REPO_ROOT)}: {node.name}{tuple(bases)}")
    assert mixed == []

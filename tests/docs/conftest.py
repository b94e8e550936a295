"""What the docs tests share: the repository's folders, and the package installed the way
the README's demo command installs it (``pip install .``: a wheel, not the clone)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
README = REPO / "README.md"


class PlainInstall:
    """umkm_ledger built from the clone as a wheel and installed into a folder of its own
    (``pip install --target``), as ``pip install .`` installs it: the package and its
    console script, with no docs, tests or clone around them. Its dependencies are the
    running interpreter's."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.bin = site / "bin"

    def env(self, *first: Path) -> dict[str, str]:
        """The environment a user of this install has: its package found before the
        clone's editable one, its ``umkm-ledger`` on ``PATH`` (an activated venv);
        ``first`` goes before everything (to hide a package)."""
        env = dict(os.environ)
        paths = [*map(str, first), str(self.site), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
        env["PATH"] = os.pathsep.join([str(self.bin), env.get("PATH", "")])
        env.pop("UMKM_LEDGER_DB", None)
        return env

    def run(
        self, args: list[str], cwd: Path, *first: Path, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=cwd,
            env=self.env(*first),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )


@pytest.fixture(scope="session")
def plain_install(tmp_path_factory: pytest.TempPathFactory) -> PlainInstall:
    """The package as ``pip install .`` leaves it (built offline: the build backend,
    hatchling, comes with the dev extra)."""
    site = tmp_path_factory.mktemp("plain-install") / "site"
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--target", str(site), str(REPO)),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, f"pip install . failed:\n{built.stdout}{built.stderr}"
    install = PlainInstall(site)
    where = install.run(
        [sys.executable, "-c", "import umkm_ledger; print(umkm_ledger.__file__)"], REPO
    )
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr
    assert (install.bin / "umkm-ledger").is_file()
    return install

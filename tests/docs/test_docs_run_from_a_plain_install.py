"""The Python examples in README.md and docs/ run against the package as a user installs
it (``pip install .``), not only against the clone's editable install: an example that
reads the repository through the package's location (``Path(umkm_ledger.__file__)``)
fails here, since an installed package has no docs folder beside it."""

from __future__ import annotations

import sys

import pytest

from tests.docs.conftest import REPO, PlainInstall

pytestmark = pytest.mark.slow


def test_every_docs_example_passes_against_the_installed_package(
    plain_install: PlainInstall,
) -> None:
    # The repository's conftest.py collects the examples (Sybil), each page in a scratch
    # folder; only the package differs from `pytest README.md docs` in the clone.
    done = plain_install.run([sys.executable, "-m", "pytest", "-q", "README.md", "docs"], REPO)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout

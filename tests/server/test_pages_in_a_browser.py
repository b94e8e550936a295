"""The pages in a real headless browser (the system's Chromium, driven by Playwright):
an official signs in with a token, opens the demo program's progress with its chart,
follows the links to a grant's BAST handovers and the enterprise's timeline, the
anomalies and the funding ledger, and reads it all in Bahasa Indonesia."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from umkm_ledger import Ledger
from umkm_ledger.testing.service import served

playwright = pytest.importorskip("playwright.sync_api")


def _chromium() -> str:
    """The system's Chromium; without one, CI fails (it installs it) and elsewhere the
    test is skipped."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI opens the pages in Chromium: .ci/run installs it")
    if found is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return found


@pytest.fixture
def demo_service(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "umkm_ledger.cli", "--db", url, "demo", "--audit-dir",
         str(tmp_path / "audit")],
        check=True, capture_output=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    with Ledger.open(url, actor="admin@admin") as ledger:
        secret = ledger.issue_token("tapip@kepala-dinas", label="browser test").secret
    with served(url, log=tmp_path / "serve.log") as base:
        yield base, secret


def test_an_official_reads_the_demo_in_a_browser(
    demo_service: tuple[str, str], tmp_path: Path
) -> None:
    browser_path = _chromium()
    base, secret = demo_service
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(locale="en-GB")
        # Not signed in: the pages send the browser to sign in first
        page.goto(base + "/pages")
        assert page.url == base + "/login"
        page.fill("input[name=token]", secret)
        page.click("button[type=submit]")
        assert page.url.startswith(base + "/pages")
        assert "Signed in as tapip@kepala-dinas" in page.inner_text("main")

        page.click("text=Pengembangan 1000 Wirausaha UMKM")
        page.wait_for_selector("h1")
        assert page.inner_text("h1") == "Pengembangan 1000 Wirausaha UMKM"
        progress = page.inner_text("main")
        assert "New UMKM binaan\t706\t1,000" in progress
        assert "70.6" in progress
        chart = page.locator("img").first
        chart.wait_for()
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", chart.element_handle())
        # The per-region table, by kecamatan
        assert "By kecamatan" in progress or "by kecamatan" in progress
        page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)

        grant_link = page.locator("a[href^='/pages/grants/']").first
        grant_link.click()
        page.wait_for_selector("text=BAST handovers")
        grant_page = page.inner_text("main")
        assert "History" in grant_page
        assert "Approved" not in page.title()
        assert "/BAST/" in grant_page

        page.locator("main a[href^='/pages/enterprises/']").first.click()
        page.wait_for_selector("text=What happened")
        assert "registered" in page.inner_text("main")

        page.click("header >> text=Anomalies")
        assert page.inner_text("h1") == "Anomalies"
        page.click("header >> text=Funding ledger")
        funds = page.inner_text("main")
        assert "TJSL PT Hutama Karya" in funds
        assert "(total)" in funds

        page.click("header >> text=Bahasa Indonesia")
        assert page.inner_text("h1") != "Funding ledger"
        assert page.evaluate("document.documentElement.lang") == "id"
        browser.close()


def test_the_pages_name_places_beside_their_codes(
    demo_service: tuple[str, str], tmp_path: Path
) -> None:
    browser_path = _chromium()
    base, secret = demo_service
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(locale="id-ID")
        page.goto(base + "/login")
        page.fill("input[name=token]", secret)
        page.click("button[type=submit]")

        page.click("text=1000 UKM Pemula OKU Timur 2020")
        page.wait_for_selector("h1")
        by_kecamatan = page.inner_text("main")
        assert "Madang Suku III (16.08.13)" in by_kecamatan
        assert "Buay Madang (16.08.02)" in by_kecamatan
        page.goto(page.url.split("?")[0] + "?by=desa&lang=id")
        by_desa = page.inner_text("main")
        assert "Wana Bakti (16.08.13.2004)" in by_desa
        assert "menurut desa" in by_desa.lower() or "desa/kelurahan" in by_desa.lower()
        page.screenshot(path=str(tmp_path / "progress-by-desa.png"), full_page=True)

        page.locator("main a[href^='/pages/enterprises/']").first.click()
        page.wait_for_selector("h1")
        assert "(16.08." in page.inner_text("main")
        browser.close()

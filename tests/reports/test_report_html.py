"""The HTML results report in headless Chromium (the system's /usr/bin/chromium, driven directly): no console
message, no network request, the key figures in the DOM, no sideways scroll at 1366×768, a print to PDF of at
most MAX_PAGES pages. The screenshot and the PDF are kept in build/test-artefacts/ (MPTF_ARTEFACTS overrides).

Chromium is installed by .ci/run, which sets MPTF_REQUIRE_CHROMIUM=1: there a missing browser fails the test
instead of skipping it.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("MPTF_ARTEFACTS", ROOT / "build" / "test-artefacts"))
#: The embedded portfolio's report prints on 31 A4 pages (measured, with the budget by GCM objective and SDG
#: target; the trace beyond the thematic areas is in collapsed <details>, not printed); a broken layout prints
#: many more.
MAX_PAGES = 40
WIDTH, HEIGHT = 1366, 768


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("MPTF_REQUIRE_CHROMIUM"):
        pytest.fail("chromium is not installed (apt-get install -y --no-install-recommends chromium)")
    pytest.skip("chromium is not installed")


def _run(browser: str, profile: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
    ]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    browser = _chromium()
    out = tmp_path_factory.mktemp("html")
    html = out / "report.html"
    result = CliRunner().invoke(main, ["report", "-o", str(html), "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    return browser, out, html


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page asked the network for (Chromium's own background requests are not the page's: their
    network isolation key is not the file:// page)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    return [
        e["params"]["url"]
        for e in log["events"]
        if types.get(e["type"]) == "URL_REQUEST_START_JOB"
        and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))
    ]


def test_no_console_message_no_request_and_the_key_figures(page):
    browser, out, html = page
    netlog = out / "net.json"
    result = _run(
        browser,
        out / "profile-dom",
        "--enable-logging=stderr",
        "--v=0",
        f"--log-net-log={netlog}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        html.as_uri(),
    )
    dom = result.stdout
    assert "<h1>Migration MPTF results report</h1>" in dom, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    assert _page_requests(netlog) == []
    assert re.search(r'id="budget-total">85,881,720<', dom)  # the booklet's 41 budgets
    assert "≈ 2,168,003" in dom  # people reached, fund total
    assert "≤ 1,005,000" in dom  # North Macedonia's two campaigns
    assert dom.count('class="programme"') == 41
    assert "<svg" in dom and "<script" not in dom
    assert "Eradicate trafficking" in dom or "Dignified return" in dom  # objectives by name


def test_no_sideways_scroll_at_1366_by_768_and_a_screenshot(page):
    browser, out, html = page
    harness = out / "harness.html"
    harness.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{html.name}" width="{WIDTH}" '
        f'height="{HEIGHT}" style="border:0"></iframe><script>'
        "document.getElementById('f').addEventListener('load', function () {"
        "  var d = this.contentDocument.documentElement;"
        "  document.body.setAttribute('data-scroll', d.scrollWidth + 'x' + d.clientWidth);"
        "});</script></body></html>",
        encoding="utf-8",
    )
    result = _run(
        browser,
        out / "profile-scroll",
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        harness.as_uri(),
    )
    found = re.search(r'data-scroll="(\d+)x(\d+)"', result.stdout)
    assert found, result.stderr[-2000:]
    scroll, client = map(int, found.groups())
    assert client == WIDTH and scroll <= client, (scroll, client)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "report-1366x768.png"
    _run(browser, out / "profile-shot", f"--screenshot={shot}", html.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_prints_to_pdf_within_the_page_count(page):
    browser, out, html = page
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / "report.pdf"
    _run(browser, out / "profile-pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data[:5] == b"%PDF-" and 1 <= pages <= MAX_PAGES, pages

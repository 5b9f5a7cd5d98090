"""Open the weekly report in headless Chromium (Debian's `chromium`, driven by Playwright) the
way a reader would: offline, watching for console errors and for any request beyond the file.

`report_page(path)` yields the open page and a `BrowserVisit` that keeps recording while the
caller interacts; `open_report(path, screenshot=...)` opens it, waits for every chart and saves
a screenshot. The browser is the system one (CHROMIUM_PATH, default /usr/bin/chromium): no
browser download is ever needed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Iterator

from playwright.sync_api import Page, sync_playwright

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


@dataclasses.dataclass
class BrowserVisit:
    """What the page did while it was open."""

    file_url: str
    console_errors: list[str] = dataclasses.field(default_factory=list)
    requests: list[str] = dataclasses.field(default_factory=list)  # every URL other than the file's

    def rendered_charts(self, page: Page) -> dict[str, bool]:
        """Each chart's element id -> whether Plotly drew it (an SVG with at least one trace)."""
        return page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.chart')].map(chart =>
                [chart.id, chart.querySelector('.main-svg') !== null && (chart.data || []).length > 0]))"""
        )


def chromium_available() -> bool:
    return Path(CHROMIUM_PATH).exists()


@contextlib.contextmanager
def report_page(report_path: str | Path) -> Iterator[tuple[Page, BrowserVisit]]:
    """The report open in a fresh headless Chromium profile, every chart drawn."""
    file_url = Path(report_path).resolve().as_uri()
    visit = BrowserVisit(file_url=file_url)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT,
        )
        try:
            page = context.new_page()
            page.on("console", lambda message: visit.console_errors.append(message.text)
                    if message.type == "error" else None)
            page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
            page.on("request", lambda request: visit.requests.append(request.url)
                    if request.url != file_url else None)
            page.goto(file_url, wait_until="load")
            page.wait_for_function(
                "[...document.querySelectorAll('.chart')].every(chart => chart.querySelector('.main-svg'))"
            )
            yield page, visit
        finally:
            context.close()


def open_report(report_path: str | Path, screenshot: Path) -> BrowserVisit:
    """Open the report, save a full-page screenshot, and return what the page did."""
    with report_page(report_path) as (page, visit):
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    return visit

"""Screenshots of the help center's main pages on a phone, for docs/screenshots/ (``make screenshots``).

    PYTHONPATH=tests python -m browser.screenshots [--out docs/screenshots] [--cache var/vectors]

Starts ``kefu serve`` over the starter help center in a temporary data directory and saves one full-page PNG
per page, 390 CSS pixels wide. The browser tests call :func:`take_screenshots` with a temporary directory.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, sync_playwright

from .live import launch_chromium, phone_context, run_server

__all__ = ["SHOTS", "take_screenshots"]

ROOT = Path(__file__).resolve().parents[2]

#: File name → (path, browser language).
SHOTS: dict[str, tuple[str, str]] = {
    "home-zh.png": ("/zh-CN/", "zh-CN"),
    "home-en.png": ("/en/", "en-US"),
    "search-zh.png": ("/zh-CN/search?q=" + quote("怎么投诉"), "zh-CN"),
    "article-en.png": ("/en/articles/track-a-case", "en-US"),
    "article-zh.png": ("/zh-CN/articles/track-a-case", "zh-CN"),
    "empty-state-en.png": ("/en/search?q=" + quote("zxqv plorbic wuggle"), "en-US"),
    "contact-zh.png": ("/zh-CN/contact", "zh-CN"),
}


def take_screenshots(browser: Browser, base_url: str, out: Path) -> list[Path]:
    """One full-page PNG per entry of :data:`SHOTS` in ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (path, locale) in SHOTS.items():
        context = phone_context(browser, base_url, locale=locale)
        try:
            page = context.new_page()
            response = page.goto(path, wait_until="load")
            if response is None or response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status if response else 'nothing'}")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=out / name, full_page=True)
            written.append(out / name)
        finally:
            context.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors", help="document-vector cache")
    args = ap.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kefu-screenshots-") as tmp,
        run_server(Path(tmp) / "data", vector_cache_dir=args.cache.resolve()) as server,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        try:
            for path in take_screenshots(browser, server.url, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            browser.close()


if __name__ == "__main__":
    main()

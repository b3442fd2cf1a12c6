"""The PDF yardstick: one Chromium kept running (Playwright), printing HTML as a print service
would, without starting a browser for each document.

    with RunningChromium() as chromium:
        pdf = chromium.pdf(html)

The HTML is the product's own (``report_html``, the pack's HTML) with the product's print
stylesheet inlined, so both renderers lay out the same content under the same ``@page``
rules, and the stylesheet's page size. ``page.pdf()`` makes an untagged PDF without bookmarks
unless asked; ``tagged=True`` asks for tags and an outline, what WeasyPrint always makes here
(PDF/UA-1), so both can be shown.
"""

from __future__ import annotations

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


class RunningChromium:
    def __enter__(self) -> RunningChromium:
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        self._page = self._browser.new_page()
        return self

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._playwright.stop()

    def pdf(self, html: str, *, tagged: bool = False) -> bytes:
        """``html`` laid out and printed to PDF by the running browser."""
        from governance.reports.pdf import stylesheet_text

        styled = html.replace("</head>", f"<style>{stylesheet_text()}</style>\n</head>", 1)
        self._page.set_content(styled)
        return self._page.pdf(prefer_css_page_size=True, tagged=tagged, outline=tagged)

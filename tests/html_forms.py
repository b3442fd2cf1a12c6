"""Read a page as a browser would: its same-site links, and a form's fields as it would post them.

Used by the tests that click through the screens (every link a user is shown must open) and
that press Save on a form unchanged (a Save that is offered must save).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _PageParser(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.links: list[str] = []
        self.fields: list[tuple[str, str]] = []
        self.submit_names: list[str] = []
        self._in_form = False
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._select_multiple = False
        self._option_value: str | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form" and (self.form_id is None or a.get("id") == self.form_id):
            self._in_form = True
        if not self._in_form or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self.submit_names.append(name)
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            self._select_value = self._select_first = None
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = ""
            if "selected" in a:
                self._pending_selected = True
            else:
                self._pending_selected = False
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            if self._select_first is None:
                self._select_first = value
            if getattr(self, "_pending_selected", False):
                if self._select_multiple:
                    self.fields.append((self._select, value))
                else:
                    self._select_value = value
            self._option_value = None
        elif tag == "select" and self._select is not None:
            if not self._select_multiple:
                chosen = (
                    self._select_value if self._select_value is not None else self._select_first
                )
                if chosen is not None:
                    self.fields.append((self._select, chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = (
                self._textarea_text[1:]
                if self._textarea_text.startswith("\n")
                else self._textarea_text
            )
            self.fields.append((self._textarea, text))
            self._textarea = None


def parse(html: str, form_id: str | None = None) -> _PageParser:
    parser = _PageParser(form_id)
    parser.feed(html)
    return parser


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields the form would post, unchanged, as a browser submits them (multi-valued)."""
    data: dict[str, list[str]] = {}
    for name, value in parse(html, form_id).fields:
        data.setdefault(name, []).append(value)
    return data


def same_site_links(html: str, page_url: str) -> list[str]:
    """The page's links to this site (path and query), fragments dropped, in page order."""
    links = []
    for href in parse(html).links:
        absolute = urljoin("http://testserver" + page_url, href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links

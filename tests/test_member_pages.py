"""The pages as the demo's people read them: every borough with records in every picker, each
officer's own borough answering, one current item in the navigation, names in every title.

The demo data (the seed papers of the five boroughs and the demo users, as ``load_demo``
loads them) is loaded once for the module and rolled back at its end.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from childrens_services.permissions import OFFICER
from governance.management.commands.load_demo import (
    DEMO_USERS,
    FIVE_BOROUGHS,
)
from governance.models import Authority
from tests.dashboards.test_pages import PAGES as DASHBOARD_PAGES
from tests.html_forms import same_site_links

pytestmark = pytest.mark.django_db

READERS = ["scrutiny", "clerk", "admin"]


@pytest.fixture
def demo(demo_data, db, client):
    """A client signing in as a demo user by name."""
    from django.contrib.auth import get_user_model

    def sign_in(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return sign_in


class Page(HTMLParser):
    """What a test reads of a page: the title, headings, options of each select, the values
    of each checkbox, and the service navigation's items."""

    HEADINGS = ("h1", "h2", "h3", "caption", "legend")

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.headings: list[str] = []
        self.options: dict[str, list[str]] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self.nav_items: list[tuple[str, bool]] = []
        self._open: list[str] = []
        self._select: str | None = None
        self._nav_item: bool | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("title", *self.HEADINGS):
            self._open.append(tag)
            if tag != "title":
                self.headings.append("")
        elif tag == "select":
            self._select = a.get("name")
            self.options.setdefault(self._select, [])
        elif tag == "option" and self._select is not None:
            self.options[self._select].append(a.get("value") or "")
        elif tag == "input" and a.get("type") == "checkbox":
            self.checkboxes.setdefault(a.get("name"), []).append(a.get("value") or "")
        elif tag == "li" and "govuk-service-navigation__item" in classes:
            self._nav_item = "govuk-service-navigation__item--active" in classes
        elif tag == "a" and self._nav_item is not None:
            self.nav_items.append((a.get("href"), self._nav_item or "aria-current" in a))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "li":
            self._nav_item = None
        elif self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if not self._open:
            return
        if self._open[-1] == "title":
            self.title += data
        else:
            self.headings[-1] += data

    @property
    def current(self) -> list[str]:
        return [href for href, current in self.nav_items if current]


def read(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


def demo_authorities() -> list[Authority]:
    return list(Authority.objects.filter(dfe_code__in=FIVE_BOROUGHS).order_by("dfe_code"))


@pytest.mark.parametrize("username", READERS)
def test_every_borough_with_records_is_in_every_authority_picker(demo, username):
    """The five demo boroughs all hold records (Harrow's are a savings programme alone), so
    every reader of all of them is offered each one: the dashboards' scope, the comparison,
    and the authority filters of the mandates and savings programmes lists."""
    client = demo(username)
    authorities = demo_authorities()
    codes = {a.dfe_code for a in authorities}
    pks = {str(a.pk) for a in authorities}
    assert len(codes) == 5
    for page in DASHBOARD_PAGES:
        if page != "compare":
            offered = read(client, reverse(f"dashboards:{page}")).options["scope"]
            assert codes <= set(offered), page
    compare = read(client, reverse("dashboards:compare")).checkboxes["authority"]
    assert codes <= set(compare)
    for url in (reverse("mandates:list"), reverse("savings:programmes")):
        assert pks <= set(read(client, url).options["authority"]), url


def test_harrows_savings_in_the_totals_are_harrows_to_choose(demo):
    """What the reader found: Harrow's savings counted among all authorities' but Harrow not
    offered; each authority in the all-authorities savings table is one to choose."""
    client = demo("scrutiny")
    harrow = Authority.objects.get(dfe_code="310")
    page = client.get(reverse("dashboards:savings") + "?year=2011/12").content.decode()
    assert re.search(r'<th scope="row" class="govuk-table__header">Harrow</th>', page)
    assert "310" in read(client, reverse("dashboards:overview")).options["scope"]
    assert harrow.name in client.get(reverse("dashboards:overview") + "?scope=310").content.decode()


OFFICERS = [name for name, (role, _codes, _staff) in DEMO_USERS.items() if role == OFFICER]


@pytest.mark.parametrize("username", OFFICERS)
def test_each_officer_reads_their_own_borough_on_every_dashboard_page(demo, username):
    client = demo(username)
    (code,) = DEMO_USERS[username][1]
    offered = read(client, reverse("dashboards:overview")).options["scope"]
    assert [value for value in offered if value in FIVE_BOROUGHS] == [code]
    for page in DASHBOARD_PAGES:
        query = f"?authority={code}" if page == "compare" else f"?scope={code}"
        assert client.get(reverse(f"dashboards:{page}") + query).status_code == 200, page


def test_the_overview_opens_on_a_year_with_figures_and_says_why(demo):
    """The demo's savings and milestones end in 2014/15; Merton's capital lines run to
    2019/20, a year the overview shows nothing for, so it is not where the overview opens."""
    client = demo("scrutiny")
    page = client.get(reverse("dashboards:overview")).content.decode()
    assert re.search(r'<option value="2014/15" selected>', page)
    assert "the latest year with figures, 2014/15, is shown" in page
    budgets = client.get(reverse("dashboards:budgets")).content.decode()
    assert re.search(r'<option value="2019/20" selected>', budgets)
    # A year the budgets page chose for itself is not carried to the overview, which
    # chooses its own; a year the reader chose is.
    assert f'href="{reverse("dashboards:overview")}"' in budgets
    chosen = client.get(reverse("dashboards:budgets") + "?year=2016/17").content.decode()
    assert f'href="{reverse("dashboards:overview")}?year=2016%2F17"' in chosen


def crawl(client, starts: list[str], *, skip=("/admin/", "/api/", "/accounts/")) -> dict:
    """One page of each route reachable by links from ``starts``, by route: what a member
    can open. Downloads (PDF, CSV, workbooks) are not pages and are left out."""
    pages: dict[str, tuple[str, Page]] = {}
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path.startswith(skip) or "_export" in url or path.endswith((".pdf", ".csv", ".json")):
            continue
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        if route in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            pages[route] = (url, None)
            continue
        html = response.content.decode()
        pages[route] = (url, Page(html))
        queue.extend(same_site_links(html, url))
    return {route: found for route, found in pages.items() if found[1] is not None}


def test_every_member_page_has_exactly_one_current_navigation_item(demo):
    client = demo("scrutiny")
    # The savings programmes are linked from no other page a member reads: started from.
    starts = ["/", reverse("dashboards:overview") + "?scope=205", reverse("savings:programmes")]
    pages = crawl(client, [*starts, reverse("savings:data_quality")])
    for route in (
        "dashboards/savings/lines/<int:pk>/",
        "savings/programmes/<int:pk>/",
        "commissioning/plan/<str:dfe_code>/",
        "benchmarks/<str:code>/measures/<int:measure_id>/",
        "mandates/<int:pk>/",
        "reports/meetings/<int:pk>/",
        "decisions/forward-plan/<int:pk>/",
        "decisions/<int:pk>/",
    ):
        assert route in pages
    for url, page in pages.values():
        assert len(page.current) == 1, (url, page.current)
    assert read(client, "/dashboards/contracts/renewals/").current == ["/dashboards/contracts/"]
    assert read(client, "/dashboards/budgets/").current == ["/dashboards/"]


def code_shown(text: str) -> str | None:
    """A demo borough's DfE code standing alone in ``text`` (not part of a figure)."""
    for code in FIVE_BOROUGHS:
        if re.search(rf"(?<![\d,.£]){code}(?![\d,])", text):
            return code
    return None


def test_no_title_or_heading_shows_an_authority_code(demo):
    """Each borough's pages say its name: the dashboards in its scope, its commissioning plan
    and benchmarks, and every page a member reaches from them."""
    client = demo("scrutiny")
    urls = []
    for authority in demo_authorities():
        code = authority.dfe_code
        urls += [reverse(f"dashboards:{p}") + f"?scope={code}" for p in DASHBOARD_PAGES]
        urls += [
            reverse("commissioning:plan", args=[code]),
            reverse("benchmarks:authority", args=[code]),
        ]
        page = read(client, reverse("dashboards:overview") + f"?scope={code}")
        assert authority.name in page.title
    crawled = crawl(client, ["/", reverse("dashboards:overview") + "?scope=207"])
    pages = [(url, read(client, url)) for url in urls] + list(crawled.values())
    for url, page in pages:
        for text in (page.title, *page.headings):
            assert code_shown(text) is None, (url, text)

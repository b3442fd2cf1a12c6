"""Officers' screens never offer what cannot succeed.

A record of another borough is named by its owner (not called deleted); a Save that is shown
saves (the lead authority's officer edits every partner's share of a shared savings line); and
no link a user is shown answers 403 or 500 (a crawl as each demo user).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from childrens_services.permissions import OFFICER
from governance.models import Division
from savings.models import DeliveryRecord, SavingsProfile
from tests.conftest import make_user
from tests.html_forms import form_data, same_site_links
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.long


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["change/", "delete/", "history/"])
def test_another_boroughs_record_is_named_by_its_owner_and_nothing_else(world, login, view):
    division = Division.objects.create(authority=world.merton, name="Family Services North")
    client = login(world.users["officer_hf"])
    response = client.get(f"/admin/governance/division/{division.pk}/{view}", follow=True)
    said = messages_of(response)
    assert "This division belongs to Merton, so only Merton staff can open it." in said
    assert "doesn’t exist" not in said
    assert response.redirect_chain[-1][0] == "/admin/governance/division/"
    assert "Family Services North" not in response.content.decode()


@pytest.mark.django_db
def test_a_past_version_of_another_boroughs_record_is_named_by_its_owner(world, login):
    division = Division.objects.create(authority=world.merton, name="Family Services North")
    version = division.history.first().history_id
    client = login(world.users["officer_hf"])
    url = f"/admin/governance/division/{division.pk}/history/{version}/"
    response = client.get(url, follow=True)
    assert "belongs to Merton" in messages_of(response)
    assert "Family Services North" not in response.content.decode()


@pytest.mark.django_db
def test_a_partnership_record_names_the_partnership_and_its_lead(world, login):
    programme = programme_for(world.triborough, name="Tri-borough shared savings")
    officer_merton = make_user("officer_merton", OFFICER, [world.merton])
    client = login(officer_merton)
    response = client.get(f"/admin/savings/savingsprogramme/{programme.pk}/change/", follow=True)
    assert "belongs to Tri-borough, led by Hammersmith and Fulham" in messages_of(response)
    assert "Tri-borough shared savings" not in response.content.decode()


@pytest.mark.django_db
def test_a_record_that_does_not_exist_is_still_said_not_to_exist(world, login):
    client = login(world.users["officer_hf"])
    response = client.get("/admin/governance/division/987654/change/", follow=True)
    said = messages_of(response)
    assert "doesn’t exist" in said
    assert "belongs to" not in said


def save_unchanged(client, url: str, **changes):
    """Open the change form and press Save with what it shows (plus ``changes``)."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' in html, "no Save offered"
    data = form_data(html, re.search(r'<form [^>]*id="(\w+_form)"', html).group(1))
    data.update({k: [v] for k, v in changes.items()})
    data["_save"] = ["Save"]
    return client.post(url, data)


@pytest.fixture
def shared_line(world):
    """A Tri-borough line (H&F leads) with every partner's share and delivery recorded."""
    line = line_for(programme_for(world.triborough, first_year=2013, last_year=2014))
    for authority in (world.hf, world.rbkc, world.wcc):
        amount_for(line, authority, 2014, "1000.00")
        DeliveryRecord.objects.create(
            line=line, authority=authority, year=2014, forecast=Decimal("900")
        )
    return line


@pytest.mark.django_db
def test_the_lead_officer_saves_a_partners_share_of_a_shared_line(world, login, shared_line):
    client = login(world.users["officer_hf"])
    share = SavingsProfile.objects.get(line=shared_line, authority=world.rbkc)
    page = client.get(f"/admin/savings/savingsprofile/{share.pk}/change/").content.decode()
    assert form_data(page, "savingsprofile_form")["authority"] == [str(world.rbkc.pk)]
    response = save_unchanged(
        client, f"/admin/savings/savingsprofile/{share.pk}/change/", amount="1250.00"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    share.refresh_from_db()
    assert (share.authority, share.amount) == (world.rbkc, Decimal("1250.00"))


@pytest.mark.django_db
def test_the_lead_officer_saves_a_shared_line_with_every_partners_delivery(
    world, login, shared_line
):
    client = login(world.users["officer_hf"])
    url = f"/admin/savings/savingsline/{shared_line.pk}/change/"
    response = save_unchanged(client, url)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(
        DeliveryRecord.objects.filter(line=shared_line).values_list(
            "authority__short_name", "forecast"
        )
    ) == [("H&F", Decimal("900")), ("RBKC", Decimal("900")), ("WCC", Decimal("900"))]


@pytest.mark.django_db
def test_a_partners_officer_reads_the_shared_share_without_a_save_and_with_the_reason(
    world, login, shared_line
):
    client = login(world.users["officer_rbkc"])
    share = SavingsProfile.objects.get(line=shared_line, authority=world.rbkc)
    response = client.get(f"/admin/savings/savingsprofile/{share.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert (
        "belongs to Tri-borough, led by Hammersmith and Fulham; you can read it, and its "
        "officers change it." in messages_of(response)
    )


#: Links a crawl does not follow: signing out, and the heavy downloads (PDFs, exports).
SKIPPED = re.compile(r"/logout/|/pdf/|\.(csv|xlsx|json|pdf)(\?|$)|[?&]_export=|/pack/$")
#: Pages per user; each path shape (ids replaced, query dropped) is opened once.
CRAWL_LIMIT = 150


def shape(url: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", url.partition("?")[0])


def crawl(client, starts: list[str]) -> tuple[int, list[tuple[str, int, str]]]:
    """GET every same-site link reachable from ``starts`` (one per shape); the failures."""
    queue = [(url, "(start)") for url in starts]
    seen: set[str] = set()
    failures: list[tuple[str, int, str]] = []
    opened = 0
    while queue and opened < CRAWL_LIMIT:
        url, found_on = queue.pop(0)
        if shape(url) in seen or SKIPPED.search(url):
            continue
        seen.add(shape(url))
        response = client.get(url)
        opened += 1
        if response.status_code in (403, 500) or response.status_code >= 500:
            failures.append((url, response.status_code, found_on))
            continue
        if response.status_code in (301, 302):
            queue.append((response["Location"], url))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        queue.extend((link, url) for link in same_site_links(response.content.decode(), url))
    return opened, failures


@pytest.mark.django_db
def test_no_link_shown_to_a_demo_user_answers_403_or_500(demo_data, client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    report = {}
    for username in ("officer_hf", "officer_merton", "scrutiny", "clerk", "admin"):
        client.force_login(users.get(username=username))
        opened, failures = crawl(client, ["/", "/admin/", "/dashboards/", "/reports/"])
        report[username] = failures
        assert opened > 20, f"{username} reached only {opened} pages"
        client.logout()
    assert report == {name: [] for name in report}

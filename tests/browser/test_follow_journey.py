"""A scrutiny member follows the Children's committee on its page; a clerk publishes a paper;
the member's e-mail (Django's locmem backend, ``mail.outbox``) holds a link that opens it,
and another that stops the alerts without signing in. axe finds no WCAG 2.2 AA violation on
any page of it.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from alerts.models import Subscription
from tests.browser.conftest import axe_violations, follow, sign_in
from tests.governance.reports_factory import make_meeting, make_report

#: Transactional: the live server and the task worker read what the test commits.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITTEE = "Children and Education Policy & Accountability Committee"


@pytest.fixture
def paper(world, settings, live_server):
    settings.SITE_URL = live_server.url  # the links the worker writes into e-mails
    for user in world.users.values():
        user.email = f"{user.username}@example.gov.uk"
        user.save()
    meeting = make_meeting(world.hf, name=COMMITTEE)
    return make_report(world.hf, title="Children's services budget 2012/13", meeting=meeting)


def checked(page) -> None:
    assert axe_violations(page) == [], page.url


def test_a_member_follows_a_committee_and_opens_the_paper_from_the_email(paper, new_page):
    committee = paper.meeting.committee
    member = new_page()
    sign_in(member, "scrutiny")
    member.goto(f"/reports/committees/{committee.pk}/")
    assert COMMITTEE in member.locator("h1").inner_text()
    checked(member)
    follow(member, member.get_by_role("button", name=f"Follow {committee}"))
    assert f"You now follow Committee: {committee}" in member.locator("main").inner_text()
    assert member.get_by_role("button", name=f"Stop following {committee}").is_visible()
    checked(member)
    follow(
        member,
        member.get_by_role("navigation", name="Menu").get_by_role("link", name="What I follow"),
    )
    assert f"Committee: {committee}" in member.locator("main").inner_text()
    checked(member)

    clerk = new_page()
    sign_in(clerk, "clerk")
    clerk.goto(f"/reports/{paper.pk}/")
    follow(clerk, clerk.get_by_role("link", name="Publish…"))
    follow(clerk, clerk.get_by_role("button", name="Publish the report"))
    assert mail.outbox == []  # the worker sends, not the clerk's request
    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())

    assert [m.to for m in mail.outbox] == [["scrutiny@example.gov.uk"]]
    body = mail.outbox[0].body
    link = re.search(rf"(http\S+/reports/{paper.pk}/)", body)
    assert link, body
    member.goto(link.group(1))
    assert "Children's services budget 2012/13" in member.locator("h1").inner_text()
    checked(member)

    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in body
    stranger = new_page()  # not signed in
    stranger.goto(unsubscribe)
    assert "Stop these e-mails?" in stranger.locator("h1").inner_text()
    checked(stranger)
    assert Subscription.objects.count() == 1  # opening the link removes nothing
    follow(stranger, stranger.get_by_role("button", name="Stop following it"))
    assert "You have stopped following it" in stranger.locator("h1").inner_text()
    checked(stranger)
    assert Subscription.objects.count() == 0

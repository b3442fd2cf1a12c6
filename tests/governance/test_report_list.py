"""The committee reports list at a country's size: its meeting filter lists a committee's
meetings once a committee is chosen, never every meeting in England (12,000 nationally, each
read with its committee: 4.8 s for one page before)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.governance.reports_factory import make_meeting, make_report

pytestmark = pytest.mark.django_db


def meetings_of(authority, committee: str, count: int):
    return [
        make_meeting(authority, name=committee, date=dt.date(2012, 1, 3) + dt.timedelta(weeks=n))
        for n in range(count)
    ]


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no {name} select on the page"
    return re.findall(r'<option value="(\d+)"', select.group(1))


def test_the_meeting_filter_asks_for_a_committee_first(world, login):
    education = meetings_of(world.hf, "Education Select Committee", 3)
    cabinet = meetings_of(world.hf, "Cabinet", 2)
    make_report(world.hf, meeting=education[1])
    client = login(world.users["clerk"])  # an H&F clerk: reads the draft

    everyone = client.get(reverse("reports:list")).content.decode()
    assert options(everyone, "meeting") == []
    hint = re.search(r'<div id="id_meeting-hint" class="govuk-hint">([^<]+)</div>', everyone)
    assert hint and hint.group(1) == "Choose a committee above to list its meetings."
    assert re.search(r'<select name="meeting"[^>]*aria-describedby="id_meeting-hint"', everyone)
    assert everyone.index('name="meeting__committee"') < everyone.index('name="meeting"')

    committee = education[0].committee_id
    chosen = client.get(reverse("reports:list"), {"meeting__committee": committee}).content
    assert sorted(options(chosen.decode(), "meeting")) == sorted(str(m.pk) for m in education)
    assert "id_meeting-hint" not in chosen.decode()

    linked = client.get(reverse("reports:list"), {"meeting": education[1].pk}).content.decode()
    assert options(linked, "meeting") == [str(education[1].pk)]
    assert re.search(rf'<option value="{education[1].pk}" selected>', linked)
    assert "Briefing on Tri-Borough Progress" in linked
    empty = client.get(reverse("reports:list"), {"meeting": education[0].pk}).content.decode()
    assert "Briefing on Tri-Borough Progress" not in empty

    elsewhere = {"meeting__committee": committee, "meeting": cabinet[0].pk}
    refused = client.get(reverse("reports:list"), elsewhere)
    assert refused.status_code == 400
    assert "Meeting: Select a valid choice" in refused.content.decode()


def test_the_list_reads_as_many_queries_for_forty_meetings_as_for_one(world, login):
    client = login(world.users["scrutiny"])
    committee = {"meeting__committee": meetings_of(world.hf, "Education", 1)[0].committee_id}

    def queries() -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:list")).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as chosen:
            assert client.get(reverse("reports:list"), committee).status_code == 200
        return len(captured), len(chosen)

    client.get(reverse("reports:list"))  # the sign-in's session saved, not counted below
    one = queries()
    meetings_of(world.hf, "Education", 40)
    meetings_of(world.rbkc, "Cabinet", 40)
    assert queries() == one


def test_a_yes_or_no_filter_left_unset_says_any(world, login):
    """Django draws an unset yes/no choice as "Unknown", which reads as "reports whose key
    decision flag is not known"; left unset, the filter filters nothing."""
    make_report(world.hf, key_decision=True)
    client = login(world.users["clerk"])
    page = client.get(reverse("reports:list")).content.decode()
    select = re.search(r'<select name="key_decision"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == ["Any", "Yes", "No"]
    assert "Briefing on Tri-Borough Progress" in page
    chosen = client.get(reverse("reports:list"), {"key_decision": "false"}).content.decode()
    assert "Briefing on Tri-Borough Progress" not in chosen

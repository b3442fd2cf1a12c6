"""A meeting's agenda and papers: five clear days before the meeting (LGA 1972 s.100B); a late
item only with the chair's reason for urgency recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import AgendaItem, Committee, Meeting

pytestmark = pytest.mark.django_db

MEETING_DAY = dt.date(2011, 7, 5)  # Tuesday; published by Wednesday 29 June


@pytest.fixture
def meeting(world) -> Meeting:
    committee = Committee.objects.create(name="O&S", kind="scrutiny", authority=world.harrow)
    return Meeting.objects.create(committee=committee, date=MEETING_DAY)


def test_the_agenda_is_due_five_clear_days_before(meeting):
    assert meeting.agenda_due_by == dt.date(2011, 6, 29)
    meeting.agenda_published_on = dt.date(2011, 6, 29)
    assert meeting.agenda_notice().sufficient
    meeting.agenda_published_on = dt.date(2011, 6, 30)
    assert meeting.agenda_notice().given == 4 and not meeting.agenda_notice().sufficient


def test_an_item_published_late_needs_the_chairs_reason(meeting):
    meeting.agenda_published_on = dt.date(2011, 6, 28)
    meeting.save()
    in_time = AgendaItem(meeting=meeting, number=1, title="Integrated Children's Services")
    in_time.full_clean()
    assert not in_time.is_late
    late = AgendaItem(meeting=meeting, number=2, title="Budget", published_on=dt.date(2011, 7, 1))
    with pytest.raises(ValidationError) as refused:
        late.full_clean()
    assert "late item" in refused.value.message_dict["published_on"][0]
    late.urgency_reason = "The grant conditions arrived on 30 June."
    late.full_clean()
    assert late.is_late


def test_a_late_agenda_is_refused_until_every_item_has_a_reason(meeting):
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Budget")
    meeting.agenda_published_on = dt.date(2011, 7, 1)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert "1. Budget" in refused.value.message_dict["agenda_published_on"][0]
    item.urgency_reason = "Urgent."
    item.save()
    meeting.full_clean()


def test_the_meeting_page_marks_late_items_with_the_reason(world, meeting, login):
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Budget", published_on=dt.date(2011, 7, 2),
        urgency_reason="The grant conditions arrived late.",
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_on=dt.date(2011, 6, 20))
    page = login(world.users["scrutiny"]).get(reverse("reports:meeting", args=[meeting.pk]))
    body = page.content.decode()
    assert "Agenda published on 20 June 2011: 14 clear days before the meeting." in body
    assert "Late item" in body and "The grant conditions arrived late." in body

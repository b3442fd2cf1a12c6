"""A scrutiny committee of H&F and one of Harrow, each with a meeting and a recommendation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from governance.models import Committee, Meeting
from scrutiny.models import ScrutinyRecommendation


@dataclass
class Scrutiny:
    world: object
    hf_committee: Committee
    hf_meeting: Meeting
    hf_later: Meeting
    harrow_committee: Committee
    hf: ScrutinyRecommendation
    harrow: ScrutinyRecommendation


def recommendation(committee, meeting, text="That Cabinet review the plan.", **values):
    record = ScrutinyRecommendation(committee=committee, meeting=meeting, text=text, **values)
    record.full_clean()
    record.save()
    return record


@pytest.fixture
def scrutiny(world) -> Scrutiny:
    hf_committee = Committee.objects.create(
        name="Education Select Committee", kind=Committee.Kind.SELECT, authority=world.hf
    )
    hf_meeting = Meeting.objects.create(committee=hf_committee, date=dt.date(2012, 1, 17))
    hf_later = Meeting.objects.create(committee=hf_committee, date=dt.date(2012, 4, 17))
    harrow_committee = Committee.objects.create(
        name="Overview and Scrutiny Committee", kind=Committee.Kind.SCRUTINY, authority=world.harrow
    )
    harrow_meeting = Meeting.objects.create(committee=harrow_committee, date=dt.date(2011, 7, 5))
    return Scrutiny(
        world,
        hf_committee,
        hf_meeting,
        hf_later,
        harrow_committee,
        recommendation(hf_committee, hf_meeting, reference="ESC/1"),
        recommendation(harrow_committee, harrow_meeting, reference="OSC/1"),
    )

"""The forward plan's rule: 28 clear days, or a recorded exception; warned, then refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from childrens_services import events
from decisions.models import ForwardPlanEntry
from governance.models import CommitteeReport, Meeting
from tests.decisions.conftest import DECISION_DAY, make_entry

pytestmark = pytest.mark.django_db


def test_an_entry_published_28_clear_days_before_is_accepted(entry):
    entry.publish(None, on=DECISION_DAY - dt.timedelta(days=29))
    entry.refresh_from_db()
    assert entry.status == ForwardPlanEntry.Status.PUBLISHED
    assert entry.notice().given == 28
    assert entry.history.first().history_change_reason.startswith("Publish: draft → published")


def test_an_entry_published_too_late_without_an_exception_is_refused(entry):
    with pytest.raises(ValidationError) as refused:
        entry.publish(None, on=DECISION_DAY - dt.timedelta(days=28))
    assert "27 clear days" in str(refused.value)
    assert "general exception" in str(refused.value)
    entry.refresh_from_db()
    assert entry.status == ForwardPlanEntry.Status.DRAFT and entry.published_on is None


def test_a_draft_warns_once_publishing_would_be_too_late(entry):
    in_time = DECISION_DAY - dt.timedelta(days=29)
    assert entry.notice_warning(today=in_time) == ""
    warning = entry.notice_warning(today=in_time + dt.timedelta(days=1))
    assert "27 of the 28 clear days" in warning and "22 May 2011" in warning


def test_a_general_exception_needs_its_notice_five_clear_days_before(world, cabinet):
    exception = {
        "notice_route": "general_exception",
        "exception_reason": "The business case was agreed late.",
        "scrutiny_chair": "Chair of the Education Select Committee",
    }
    short = make_entry(
        world, cabinet, reference="KD2", exception_notice_published_on=dt.date(2011, 6, 16),
        **exception,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        short.publish(None, on=dt.date(2011, 6, 16))
    assert "regulation 10" in str(refused.value)
    enough = make_entry(
        world, cabinet, reference="KD3", exception_notice_published_on=dt.date(2011, 6, 14),
        **exception,
    )  # fmt: skip
    enough.publish(None, on=dt.date(2011, 6, 14))
    assert enough.status == ForwardPlanEntry.Status.PUBLISHED


def test_special_urgency_needs_the_scrutiny_chair_and_no_clear_days(world, cabinet):
    with pytest.raises(ValidationError) as missing:
        make_entry(world, cabinet, reference="KD4", notice_route="special_urgency")
    assert set(missing.value.message_dict) == {
        "exception_notice_published_on", "exception_reason", "scrutiny_chair",
    }  # fmt: skip
    urgent = make_entry(
        world, cabinet, reference="KD4", notice_route="special_urgency",
        exception_notice_published_on=dt.date(2011, 6, 19),
        exception_reason="A grant deadline", scrutiny_chair="Cllr A",
    )  # fmt: skip
    urgent.publish(None, on=dt.date(2011, 6, 19))
    assert urgent.notice().given == 0 and urgent.notice().sufficient


def test_moving_a_published_decision_too_soon_is_refused(published_entry):
    published_entry.decision_date = dt.date(2011, 6, 1)
    with pytest.raises(ValidationError) as refused:
        published_entry.full_clean()
    assert "decision_date" in refused.value.message_dict


def test_the_report_it_considers_must_agree_on_the_reference(world, cabinet, entry):
    meeting = Meeting.objects.create(committee=cabinet, date=DECISION_DAY)
    report = CommitteeReport.objects.create(
        meeting=meeting, title="Tri-borough", forward_plan_reference="KD9", key_decision=True
    )
    entry.report = report
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "KD9, not KD1" in refused.value.message_dict["report"][0]
    CommitteeReport.objects.filter(pk=report.pk).update(forward_plan_reference="KD1")
    entry.report = CommitteeReport.objects.get(pk=report.pk)
    entry.full_clean()


def test_an_exempt_item_names_its_paragraph(world, cabinet):
    with pytest.raises(ValidationError) as refused:
        make_entry(world, cabinet, reference="KD5", classification="exempt")
    assert "exemption_paragraph" in refused.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_publishing_and_changing_an_entry_are_announced(world, cabinet):
    heard = []

    def listener(sender, **kwargs):
        heard.append((kwargs["kind"], kwargs["record"].pk, kwargs["about"]))

    events.happened.connect(listener)
    try:
        entry = make_entry(world, cabinet)
        assert heard == []  # a draft is nobody's news
        entry.publish(None, on=dt.date(2011, 5, 1))
        entry.wards = "All wards"
        entry.save()
    finally:
        events.happened.disconnect(listener)
    assert [kind for kind, _, _ in heard] == ["forward_plan.added", "forward_plan.changed"]
    assert heard[0][2] == (cabinet, world.hf, "forward-plan")

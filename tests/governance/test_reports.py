"""Committee reports: composing, PDF rendering, publishing immutably, who sees what."""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from childrens_services import blocks, formatting
from childrens_services.models import FrozenRecordError
from governance.models import CommitteeReport, Person, Recommendation
from governance.reports.document import build_document
from governance.reports.pdf import render_report_pdf
from governance.reports.publishing import publish_report
from governance.views import composition_stamp
from tests.governance.reports_factory import (
    add_membership_appendix,
    make_meeting,
    make_report,
    pdf_reader,
    pdf_text,
)
from tests.permission_matrix import assert_matrix

ALL = {"view", "add", "change", "delete"}
READ = {"view"}
NONE: set[str] = set()


# Computations, without a database.


@pytest.mark.parametrize(
    ("value", "options", "printed"),
    [
        (Decimal("19365"), {}, "19,365"),
        (Decimal("-620"), {}, "(620)"),
        (Decimal("-1259"), {"negatives": "minus"}, "-1,259"),
        (Decimal("3873000"), {"scale": 1000}, "3,873"),
        (Decimal("40800000"), {"scale": 1000000, "places": 1}, "40.8"),
        (Decimal("-0.4"), {}, "0"),
        (None, {}, ""),
    ],
)
def test_figures_print_with_thousands_separators_and_the_papers_negatives(value, options, printed):
    assert formatting.figure(value, **options) == printed


# Rendering.


@pytest.mark.django_db
def test_a_draft_pdf_carries_the_front_block_numbered_paragraphs_and_running_footer(world):
    report = make_report(world.hf, key_decision=True, accountable_director="Steve Miley")
    content = render_report_pdf(build_document(report))
    text = pdf_text(content).lower()
    for expected in (
        "Hammersmith and Fulham",
        "Education Select Committee",
        "17 January 2012",
        report.title,
        "Andrew Christie",
        "Tel: 020 8753 3601",
        "Steve Miley",
        "The Committee is asked to review the activity.",
        "1.1",
        "1.2",
        "Page 1 of",
    ):
        assert expected.lower() in text, expected
    assert "key decision\nyes" in text or "key decision yes" in text


@pytest.mark.django_db
def test_the_pdf_is_tagged_with_metadata_language_and_bookmarks(world):
    report = make_report(world.hf)
    reader = pdf_reader(render_report_pdf(build_document(report)))
    assert reader.metadata.title == report.title
    assert reader.metadata.author == "Andrew Christie"
    assert "Education Select Committee" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert report.title in titles


@pytest.mark.django_db
def test_html_typed_into_a_field_appears_as_text_in_the_pdf(world):
    report = make_report(world.hf, title="<script>alert('x')</script> Update")
    Recommendation.objects.create(report=report, position=2, text="Note <b>this</b> & that")
    text = pdf_text(render_report_pdf(build_document(report)))
    assert "<script>alert('x')</script> Update" in text
    assert "Note <b>this</b> & that" in text


@pytest.mark.django_db
def test_an_exempt_report_is_marked_on_every_page(world):
    report = make_report(
        world.hf, classification="exempt", exemption_paragraph="Paragraph 3 of Schedule 12A"
    )
    for position in range(2, 40):
        Recommendation.objects.create(
            report=report, position=position, text=f"Recommendation number {position}."
        )
    reader = pdf_reader(render_report_pdf(build_document(report)))
    assert len(reader.pages) > 1
    assert all("EXEMPT" in (page.extract_text() or "") for page in reader.pages)


# Publishing.


@pytest.mark.django_db
def test_a_report_for_decision_with_no_recommendations_cannot_be_published(world):
    report = make_report(world.hf, purpose=CommitteeReport.Purpose.DECISION)
    report.recommendations.all().delete()
    with pytest.raises(ValidationError) as refused:
        publish_report(report, world.users["clerk"])
    assert "needs at least one recommendation" in " ".join(refused.value.messages)
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.DRAFT
    assert report.pdf is None and report.pdf_sha256 == ""


@pytest.mark.django_db
def test_publishing_stores_the_pdf_with_its_sha256_and_freezes_the_report(world):
    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    report.refresh_from_db()
    assert report.is_published
    assert hashlib.sha256(bytes(report.pdf)).hexdigest() == report.pdf_sha256
    assert report.history.first().history_change_reason == "Publish: draft → published by clerk"
    report.title = "Changed"
    with pytest.raises(FrozenRecordError):
        report.save()
    with pytest.raises(FrozenRecordError):
        Recommendation.objects.create(report=report, position=9, text="Late addition")
    assert not world.users["clerk"].has_perm("governance.change_committeereport", report)


@pytest.mark.django_db
def test_a_published_report_keeps_its_bytes_after_the_live_data_changes(world, login):
    report = make_report(world.hf)
    committee = report.meeting.committee
    add_membership_appendix(report, committee)
    publish_report(report, world.users["clerk"])
    report.refresh_from_db()
    published, sha = bytes(report.pdf), report.pdf_sha256
    assert "Binmore" in pdf_text(published)

    person = Person.objects.get(name="Binmore")
    person.name = "Renamed Councillor"
    person.save()

    response = login(world.users["scrutiny"]).get(reverse("reports:pdf", args=[report.pk]))
    served = b"".join(response.streaming_content) if response.streaming else response.content
    assert served == published
    assert hashlib.sha256(served).hexdigest() == sha
    report.refresh_from_db()
    assert report.pdf_sha256 == sha
    assert "Renamed Councillor" not in pdf_text(served)


@pytest.mark.django_db
def test_re_rendering_a_draft_reflects_the_edit(world):
    report = make_report(world.hf)
    add_membership_appendix(report, report.meeting.committee)
    assert "Binmore" in pdf_text(render_report_pdf(build_document(report)))
    person = Person.objects.get(name="Binmore")
    person.name = "Renamed Councillor"
    person.save()
    text = pdf_text(render_report_pdf(build_document(report)))
    assert "Renamed Councillor" in text and "Binmore" not in text


@pytest.mark.django_db
def test_a_published_report_is_superseded_by_a_new_draft_that_links_to_it(world):
    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    draft = report.supersede(world.users["clerk"])
    assert draft.supersedes == report and not draft.is_published
    assert list(draft.recommendations.values_list("text", flat=True)) == list(
        report.recommendations.values_list("text", flat=True)
    )
    draft.title = "Corrected title"
    draft.save()
    publish_report(draft, world.users["clerk"])
    assert "Version 2" in pdf_text(bytes(draft.pdf))
    with pytest.raises(ValidationError):
        report.supersede(world.users["clerk"])


@pytest.mark.django_db
def test_an_appendix_of_an_unknown_block_or_bad_parameters_is_refused(world):
    report = make_report(world.hf)
    appendix = add_membership_appendix(report, report.meeting.committee)
    appendix.kind = "no_such_block"
    with pytest.raises(ValidationError) as refused:
        appendix.full_clean()
    assert "kind" in refused.value.message_dict
    appendix.kind, appendix.params = "committee_membership", {"committee": "three"}
    with pytest.raises(ValidationError) as refused:
        appendix.full_clean()
    assert "params" in refused.value.message_dict


# Who sees what.


@pytest.mark.django_db
def test_committee_reports_are_written_only_by_clerks_of_their_authority(world):
    hf_report = make_report(world.hf)
    rbkc_report = make_report(world.rbkc)
    # Drafts are private (issue 15 finding 7): the owning authority's clerks and officers only.
    expected = {
        "clerk": {"own": ALL, "other": NONE},
        "clerk_rbkc": {"own": ALL, "other": NONE},
        "officer_hf": {"own": READ, "other": NONE},
        "scrutiny": {"own": NONE, "other": NONE},
        "admin": {"own": ALL, "other": ALL},
        "nobody": {"own": NONE, "other": NONE},
    }
    own = dict.fromkeys(expected, hf_report) | {"clerk_rbkc": rbkc_report}
    other = dict.fromkeys(expected, rbkc_report) | {"clerk_rbkc": hf_report}
    assert_matrix(CommitteeReport, world.users, own, other, expected)
    for report in (hf_report, rbkc_report):
        publish_report(report, world.users["admin"])
    published = {
        "clerk": {"own": READ, "other": READ},
        "clerk_rbkc": {"own": READ, "other": READ},
        "officer_hf": {"own": READ, "other": READ},
        "scrutiny": {"own": READ, "other": READ},
        "nobody": {"own": NONE, "other": NONE},
    }
    published["clerk"]["own"] = published["clerk_rbkc"]["own"] = {"view", "add"}
    assert_matrix(CommitteeReport, world.users, own, other, published)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [("clerk", 200), ("officer_hf", 200), ("admin", 200), ("scrutiny", 404), ("clerk_rbkc", 404)],
)
def test_exempt_reports_and_their_pdfs_are_404_for_everyone_not_allowed(
    world, login, username, status
):
    report = make_report(world.hf, classification="exempt", exemption_paragraph="Paragraph 3")
    client = login(world.users[username])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == status
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == status
    listed = client.get(reverse("reports:list")).content.decode()
    assert (report.title in listed) == (status == 200)


def confirmation_stamp(page: str) -> str:
    """The state of the paper the publication page was drawn from, as its form posts it."""
    return re.search(r'name="stamp" value="([0-9a-f]+)"', page).group(1)


@pytest.mark.django_db
def test_a_clerk_publishes_from_the_confirmation_page_and_scrutiny_cannot(world, login):
    report = make_report(world.hf)
    url = reverse("reports:publish", args=[report.pk])
    assert login(world.users["scrutiny"]).post(url).status_code == 404  # a draft is not theirs
    report.refresh_from_db()
    assert not report.is_published
    clerk = login(world.users["clerk"])
    page = clerk.get(url).content.decode()
    assert "cannot be undone" in page and "SHA-256" in page
    response = clerk.post(url, {"stamp": confirmation_stamp(page)})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published
    assert hashlib.sha256(bytes(report.pdf)).hexdigest() == report.pdf_sha256


@pytest.mark.django_db
def test_an_officer_sees_the_draft_but_the_lifecycle_refuses_them_publishing_with_403(world, login):
    report = make_report(world.hf)
    officer = login(world.users["officer_hf"])
    page = officer.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:publish", args=[report.pk]) not in page
    assert officer.get(reverse("reports:publish", args=[report.pk])).status_code == 403
    assert officer.post(reverse("reports:publish", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert not report.is_published
    assert CommitteeReport.lifecycle.available(report, world.users["clerk"])[0].name == "publish"
    publish_report(report, world.users["clerk"])
    assert officer.post(reverse("reports:supersede", args=[report.pk])).status_code == 403
    assert not CommitteeReport.objects.filter(supersedes=report).exists()
    history = report.history.first()
    assert (history.history_user, history.status) == (world.users["clerk"], "published")


@pytest.mark.django_db
def test_publishing_a_report_with_no_recommendations_from_the_page_shows_why(world, login):
    report = make_report(world.hf, purpose=CommitteeReport.Purpose.DECISION)
    report.recommendations.all().delete()
    clerk = login(world.users["clerk"])
    url = reverse("reports:publish", args=[report.pk])
    page = clerk.get(url).content.decode()
    assert "needs at least one recommendation" in page
    assert 'name="stamp"' not in page  # nothing to confirm
    response = clerk.post(url, {"stamp": composition_stamp(report)}, follow=True)
    assert "needs at least one recommendation" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published
    assert not report.is_published


@pytest.mark.django_db
def test_the_preview_page_escapes_typed_markup(world, login):
    report = make_report(world.hf, title="<script>alert(1)</script>")
    page = login(world.users["clerk"]).get(reverse("reports:detail", args=[report.pk]))
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


# Agenda packs and the command line.


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }


@pytest.mark.django_db
def test_an_agenda_pack_holds_every_report_in_agenda_order_with_a_contents_page(
    world, login, immediate_tasks
):
    meeting = make_meeting(world.hf)
    second = make_report(world.hf, meeting=meeting, number=2, title="Second item report")
    first = make_report(world.hf, meeting=meeting, number=1, title="First item report")
    publish_report(first, world.users["clerk"])
    client = login(world.users["clerk"])
    response = client.post(
        reverse("reports:pack-request", args=[meeting.pk]), {"include_drafts": "yes"}
    )
    assert response.status_code == 302
    status_page = client.get(response["Location"])
    assert "Download the agenda pack" in status_page.content.decode()
    pack = meeting.agenda_packs.get()
    assert pack.status == pack.Status.DONE and pack.percent == 100
    download = client.get(reverse("reports:pack-pdf", args=[pack.pk]))
    text = pdf_text(download.content)
    assert text.index("CONTENTS") < text.index(first.title) < text.rindex(second.title)
    reader = pdf_reader(download.content)
    contents = reader.pages[1].extract_text()
    for report in (first, second):
        starts_on = next(
            number
            for number, page in enumerate(reader.pages[2:], start=3)
            if report.title in page.extract_text().splitlines()[:6]
        )
        marked = "" if report.is_published else " (DRAFT)"
        assert f"{report.agenda_item.number} {report.title}{marked} {starts_on}" in contents
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top_level[1:] == [first.title, second.title]


@pytest.mark.django_db
def test_a_published_reports_pages_in_the_pack_are_its_published_pdfs_pages(
    world, login, immediate_tasks
):
    """The pack is joined from the reports' own PDFs, not laid out again: a published
    report's pages draw exactly what its published PDF draws, and the pack numbers its
    pages on from the contents."""
    meeting = make_meeting(world.hf)
    draft = make_report(world.hf, meeting=meeting, number=1, title="Draft item report")
    published = make_report(world.hf, meeting=meeting, number=2, title="Published item report")
    for position in range(2, 40):
        Recommendation.objects.create(
            report=published, position=position, text=f"Recommendation number {position}."
        )
    publish_report(published, world.users["clerk"])
    published.refresh_from_db()
    clerk = login(world.users["clerk"])
    clerk.post(reverse("reports:pack-request", args=[meeting.pk]), {"include_drafts": "yes"})
    pack = pdf_reader(bytes(meeting.agenda_packs.get().pdf))
    own = pdf_reader(bytes(published.pdf))
    draft_pages = len(pdf_reader(render_report_pdf(build_document(draft))).pages)
    assert len(own.pages) > 1
    assert len(pack.pages) == 2 + draft_pages + len(own.pages)
    start = 2 + draft_pages
    for index, page in enumerate(own.pages):
        in_pack = pack.pages[start + index]
        assert page.get_contents().get_data() in in_pack.get_contents().get_data()
        assert f"Pack page {start + index + 1} of {len(pack.pages)}" in in_pack.extract_text()
    top_level = [item for item in pack.outline if not isinstance(item, list)]
    assert [pack.get_destination_page_number(item) for item in top_level[1:]] == [2, start]


@pytest.mark.django_db
def test_an_agenda_pack_holds_only_published_reports_unless_the_clerk_includes_drafts(
    world, login, immediate_tasks
):
    """Issue 15 finding 7: packs included drafts unmarked. By default a pack holds only the
    published papers; when the clerk includes the drafts, every page of each is marked DRAFT
    and the pack is as private as the drafts it holds."""
    meeting = make_meeting(world.hf)
    published = make_report(world.hf, meeting=meeting, number=1, title="Published item report")
    draft = make_report(world.hf, meeting=meeting, number=2, title="Draft item report")
    publish_report(published, world.users["clerk"])
    clerk = login(world.users["clerk"])
    clerk.post(reverse("reports:pack-request", args=[meeting.pk]))
    plain = meeting.agenda_packs.get()
    text = pdf_text(bytes(plain.pdf))
    assert published.title in text and draft.title not in text
    assert "DRAFT" not in text
    assert not plain.includes_drafts
    clerk.post(reverse("reports:pack-request", args=[meeting.pk]), {"include_drafts": "yes"})
    with_drafts = meeting.agenda_packs.exclude(pk=plain.pk).get()
    assert with_drafts.includes_drafts
    reader = pdf_reader(bytes(with_drafts.pdf))
    pages = [page.extract_text() for page in reader.pages]
    first_draft_page = next(
        i for i, page in enumerate(pages) if i > 1 and draft.title in page.splitlines()[:6]
    )
    assert all("DRAFT – NOT PUBLISHED" in page for page in pages[first_draft_page:])
    assert not any("DRAFT – NOT PUBLISHED" in page for page in pages[2:first_draft_page])
    scrutiny = login(world.users["scrutiny"])
    assert scrutiny.get(reverse("reports:pack-pdf", args=[with_drafts.pk])).status_code == 404
    assert scrutiny.get(reverse("reports:pack-pdf", args=[plain.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [("clerk", 200), ("officer_hf", 200), ("admin", 200), ("scrutiny", 404), ("clerk_rbkc", 404)],
)
def test_drafts_and_their_pdfs_are_404_for_everyone_but_their_authority(
    world, login, username, status
):
    """Issue 15 finding 7: scrutiny members and other boroughs read other boroughs' drafts."""
    report = make_report(world.hf, title="A draft not yet public")
    client = login(world.users[username])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == status
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == status
    listed = client.get(reverse("reports:list")).content.decode()
    assert (report.title in listed) == (status == 200)
    api = client.get(f"/api/v1/committee-reports/{report.pk}/")
    assert api.status_code == status
    part = report.recommendations.get()
    assert client.get(f"/api/v1/recommendations/{part.pk}/").status_code == status


@pytest.mark.django_db
def test_a_scrutiny_member_cannot_request_an_agenda_pack(world, login, immediate_tasks):
    meeting = make_meeting(world.hf)
    response = login(world.users["scrutiny"]).post(
        reverse("reports:pack-request", args=[meeting.pk])
    )
    assert response.status_code == 403
    assert not meeting.agenda_packs.exists()


@pytest.mark.django_db(transaction=True)
def test_a_pack_no_worker_picked_up_for_two_minutes_is_said_plainly_until_a_worker_builds_it(
    world, login
):
    """The real database task backend, no worker running: what `make run` used to give.

    Transactional, as the worker is: it claims a task in its own exclusive transaction, which
    SQLite cannot begin inside the test's.
    """
    from datetime import timedelta

    from django.utils import timezone

    meeting = make_meeting(world.hf)
    publish_report(make_report(world.hf, meeting=meeting, number=1), world.users["clerk"])
    client = login(world.users["clerk"])
    response = client.post(reverse("reports:pack-request", args=[meeting.pk]))
    pack = meeting.agenda_packs.get()
    meeting_url = reverse("reports:meeting", args=[meeting.pk])
    warning = "No worker has picked up the agenda pack"

    def pages():
        return [client.get(url).content.decode() for url in (meeting_url, response["Location"])]

    meeting.agenda_packs.update(requested_at=timezone.now() - timedelta(seconds=110))
    for page in pages():
        assert warning not in page
    assert "Waiting for a worker to start" in pages()[1]

    meeting.agenda_packs.update(requested_at=timezone.now() - timedelta(seconds=130))
    for page in pages():
        assert warning in page and "db_worker" in page
    assert "(no worker has picked it up)" in pages()[0]

    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    pack.refresh_from_db()
    assert pack.status == pack.Status.DONE
    for page in pages():
        assert warning not in page
    assert "Download the agenda pack" in pages()[1]


@pytest.mark.django_db
def test_render_report_writes_the_published_bytes_to_a_file(world, tmp_path):
    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    target = tmp_path / "report.pdf"
    call_command("render_report", str(report.pk), "-o", str(target))
    assert target.read_bytes() == bytes(report.pdf)


@pytest.mark.django_db
def test_render_report_refuses_a_missing_report(tmp_path):
    with pytest.raises(CommandError, match="no committee report"):
        call_command("render_report", "999", "-o", str(tmp_path / "x.pdf"))


@pytest.mark.django_db
def test_the_meeting_page_lists_reports_in_agenda_order_and_offers_clerks_the_pack(world, login):
    meeting = make_meeting(world.hf)
    make_report(world.hf, meeting=meeting, number=2, title="Second item report")
    make_report(world.hf, meeting=meeting, number=1, title="First item report")
    url = reverse("reports:meeting", args=[meeting.pk])
    page = login(world.users["clerk"]).get(url).content.decode()
    assert page.index("First item report") < page.index("Second item report")
    assert "Build the agenda pack" in page
    assert "Build the agenda pack" not in login(world.users["scrutiny"]).get(url).content.decode()


@pytest.mark.django_db
def test_the_committee_page_lists_its_meetings_and_is_reached_from_each(world, login):
    meeting = make_meeting(world.hf)
    committee_url = reverse("reports:committee", args=[meeting.committee.pk])
    client = login(world.users["scrutiny"])
    assert committee_url in client.get(reverse("reports:meeting", args=[meeting.pk])).text
    page = client.get(committee_url).text
    assert reverse("reports:meeting", args=[meeting.pk]) in page
    assert formatting.day(meeting.date) in page
    assert login(world.users["nobody"]).get(committee_url).status_code == 404


@pytest.mark.django_db
def test_superseding_from_the_report_page_links_both_versions(world, login):
    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    client = login(world.users["clerk"])
    response = client.post(reverse("reports:supersede", args=[report.pk]))
    draft = CommitteeReport.objects.get(supersedes=report)
    assert response["Location"] == reverse("reports:compose", args=[draft.pk])
    old_page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:detail", args=[draft.pk]) in old_page
    new_page = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert reverse("reports:detail", args=[report.pk]) in new_page


@pytest.mark.django_db
def test_an_agenda_pack_with_an_exempt_report_is_404_for_those_who_may_not_see_it(
    world, login, immediate_tasks
):
    meeting = make_meeting(world.hf)
    exempt = make_report(
        world.hf, meeting=meeting, classification="exempt", exemption_paragraph="Para 3"
    )
    publish_report(exempt, world.users["clerk"])
    login(world.users["clerk"]).post(reverse("reports:pack-request", args=[meeting.pk]))
    pack = meeting.agenda_packs.get()
    assert pack.includes_exempt
    for username, status in (("clerk", 200), ("scrutiny", 404), ("clerk_rbkc", 404)):
        client = login(world.users[username])
        assert client.get(reverse("reports:pack", args=[pack.pk])).status_code == status
        assert client.get(reverse("reports:pack-pdf", args=[pack.pk])).status_code == status


def test_a_block_cannot_take_the_text_appendix_name_and_text_is_offered_first():
    with pytest.raises(ValueError):

        class Text(blocks.Block):
            code = "text"
            name = "Text"
            template = "x.html"

    assert blocks.choices()[0] == ("text", "Text")
    assert ("committee_membership", "Committee membership") in blocks.choices()


@pytest.mark.django_db
def test_blocks_are_offered_only_to_users_who_may_read_what_they_draw(world):
    offered = dict(blocks.choices(world.users["clerk"]))
    assert {"committee_membership", "mandate", "savings_table"} <= offered.keys()
    assert blocks.choices(world.users["nobody"]) == [(blocks.TEXT, "Text")]


@pytest.mark.parametrize("params", [["205"], "205", 3, None])
def test_every_block_refuses_parameters_that_are_not_a_json_object(params):
    blocks.autodiscover()
    for code in blocks._registry:
        with pytest.raises(ValidationError, match="JSON object"):
            blocks.get(code).clean(params)


@pytest.mark.django_db
def test_render_report_for_a_mandate_says_so_until_the_mandate_block_exists(monkeypatch, tmp_path):
    blocks.autodiscover()
    monkeypatch.delitem(blocks._registry, "mandate", raising=False)
    with pytest.raises(CommandError, match="mandates/blocks.py"):
        call_command("render_report", "--mandate", "1", "-o", str(tmp_path / "m.pdf"))


@pytest.mark.django_db
def test_render_report_for_a_mandate_renders_the_mandate_block(world, monkeypatch, tmp_path):
    blocks.autodiscover()
    meeting = make_meeting(world.hf)
    committee = meeting.committee

    class StandIn(blocks.Block):
        name = "Mandate"
        template = "reports/blocks/committee_membership.html"

        def clean(self, params):
            return params

        def snapshot(self, params):
            return {"committee": f"Mandate {params['mandate']}", "seats": []}

    stand_in = StandIn()
    monkeypatch.setitem(blocks._registry, "mandate", stand_in)
    target = tmp_path / "m.pdf"
    call_command("render_report", "--mandate", str(committee.pk), "-o", str(target))
    assert f"Mandate {committee.pk}" in pdf_text(target.read_bytes())

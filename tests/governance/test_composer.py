"""The clerks' report composer (issue 17): pages in /reports/, no JSON typed by anyone.

A clerk starts a report from an agenda item, gives its front matter, adds, changes, moves and
deletes its parts, and adds live tables by picking their parameters from lists, with a
preview; a stale form is refused naming who changed what; every change keeps its user.
"""

from __future__ import annotations

import html
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from childrens_services import blocks
from governance.demo import REPORT_FRONT_MATTER
from governance.forms import FrontMatterForm
from governance.models import AgendaItem, Appendix, CommitteeReport, ReportSection
from governance.views import composition_stamp
from savings.models import SavingsProgramme
from tests.governance.reports_factory import make_report, pdf_text
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.django_db


def hf_programme(world) -> SavingsProgramme:
    """A small H&F programme: one line saving 70 (2011/12) and 340 (2012/13), in pounds."""
    programme = programme_for(
        world.hf, name="H&F savings", first_year=2011, last_year=2012, paper_unit="1"
    )
    line = line_for(programme, description="Single management team")
    amount_for(line, world.hf, 2011, "70")
    amount_for(line, world.hf, 2012, "340")
    return programme


def compose_url(report, name="compose", *args) -> str:
    return reverse(f"reports:{name}", args=[report.pk, *args])


def errors_of(response) -> str:
    """The error summary's text, tags dropped."""
    page = response.content.decode()
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


# Parameters picked from lists, never typed.


def test_every_live_block_offers_a_form_field_for_each_parameter_and_none_takes_json(world):
    clerk = world.users["clerk"]
    for code, _name in blocks.choices(clerk)[1:]:
        fields = blocks.get(code).formfields(clerk)
        assert fields, code
        for name, field in fields.items():
            assert field.label and "JSON" not in str(field.help_text), (code, name)
            assert not isinstance(field.widget, forms.Textarea | forms.TextInput), (code, name)
            if isinstance(field, forms.ChoiceField):
                labels = [label for _value, label in field.choices]
                meanings = {label.split(" (the default)")[0].split(",")[0] for label in labels}
                assert len(meanings) == len(labels), f"{code}.{name} offers a choice twice"


def test_picked_parameters_become_the_parameters_the_block_cleans(world):
    programme = hf_programme(world)
    block = blocks.get("savings_table")
    picked = {"programme": programme, "authority": world.hf, "unit": "", "years": [2012, 2011]}
    params = block.clean(block.params_from_form(picked))
    assert params["programme"] == "H&F savings"
    assert (params["authority"], params["years"], params["unit"]) == ("205", [2011, 2012], "£")
    assert block.form_initial(params)["programme"] == programme.pk
    assert ("Years", "2011/12, 2012/13") in block.describe(params)


def test_a_record_is_picked_only_among_those_the_user_may_see(world):
    hf = hf_programme(world)
    rbkc = programme_for(world.rbkc, name="RBKC savings")
    field = blocks.get("savings_table").formfields(world.users["officer_rbkc"])["programme"]
    assert list(field.queryset) == [rbkc]
    assert hf not in field.queryset
    authorities = blocks.get("savings_table").formfields(world.users["clerk"])["authority"]
    assert set(authorities.queryset) == {world.hf, world.rbkc}  # those with records, not all


def test_a_word_a_block_reads_is_picked_from_those_the_records_hold(world):
    programme = hf_programme(world)
    line_for(programme, description="Finance staff", service="Finance")
    field = blocks.get("savings_table").formfields(world.users["clerk"])["service"]
    assert list(field.choices) == [("", "Every service"), ("Finance", "Finance")]
    block = blocks.get("savings_table")
    params = block.clean(block.params_from_form({"programme": programme, "service": "Finance"}))
    assert params["service"] == "Finance"


def test_a_deleted_record_is_named_with_its_name_and_the_day_it_went(world):
    programme = hf_programme(world)
    programme.delete()
    with pytest.raises(ValidationError) as refused:
        blocks.get("savings_table").clean({"programme": "H&F savings"})
    message = " ".join(refused.value.messages)
    assert "The savings programme “H&F savings” was deleted on" in message
    assert "{" not in message  # no JSON example


# Starting a report.


def test_a_clerk_starts_a_report_from_an_agenda_item_and_it_keeps_who(world, login):
    report = make_report(world.hf)
    item = AgendaItem.objects.create(meeting=report.meeting, number=2, title="Savings update")
    meeting_page = login(world.users["clerk"]).get(
        reverse("reports:meeting", args=[item.meeting_id])
    )
    new_url = reverse("reports:new") + f"?item={item.pk}"
    assert new_url in meeting_page.content.decode()
    client = login(world.users["clerk"])
    form = client.get(new_url).content.decode()
    assert 'value="Savings update"' in form  # the item's title, to keep or change
    response = client.post(
        reverse("reports:new"),
        {"meeting": item.meeting_id, "agenda_item": item.pk, "title": "Savings update",
         "author_name": "Steve Bywater"},
    )  # fmt: skip
    created = CommitteeReport.objects.get(title="Savings update")
    assert response["Location"] == compose_url(created)
    assert (created.agenda_item, created.status) == (item, "draft")
    assert created.history.get().history_user == world.users["clerk"]


def test_from_the_reports_list_a_clerk_first_picks_one_of_their_own_meetings(world, login):
    own = make_report(world.hf).meeting
    other = make_report(world.rbkc).meeting
    client = login(world.users["clerk"])
    chooser = client.get(reverse("reports:new")).content.decode()
    assert f'value="{own.pk}"' in chooser and f'value="{other.pk}"' not in chooser
    unchosen = client.get(reverse("reports:new") + "?meeting=")
    assert "Choose the meeting." in errors_of(unchosen)
    form = client.get(reverse("reports:new") + f"?meeting={own.pk}").content.decode()
    assert f'name="meeting" value="{own.pk}"' in form and 'name="title"' in form


def test_the_reports_list_offers_a_new_report_to_clerks_only(world, login):
    assert "New report" in login(world.users["clerk"]).get(reverse("reports:list")).content.decode()
    scrutiny = login(world.users["scrutiny"])
    assert "New report" not in scrutiny.get(reverse("reports:list")).content.decode()
    refused = scrutiny.get(reverse("reports:new"))
    assert refused.status_code == 403
    assert "Only clerks write committee reports" in refused.content.decode()


def test_another_authoritys_clerk_is_told_why_they_cannot_write_for_its_meeting(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk_rbkc"])
    page = client.get(reverse("reports:meeting", args=[report.meeting_id])).content.decode()
    assert "New report" not in page
    refused = client.get(reverse("reports:new") + f"?item={report.agenda_item_id}")
    assert refused.status_code == 403
    assert "Only the clerks of Hammersmith and Fulham may write reports" in refused.content.decode()
    assert (
        client.post(
            reverse("reports:new"),
            {"meeting": report.meeting_id, "title": "Forged", "author_name": "X"},
        ).status_code
        == 403
    )
    assert not CommitteeReport.objects.filter(title="Forged").exists()
    assert client.get(reverse("reports:new") + "?meeting=abc").status_code == 404


def test_the_composer_is_refused_to_those_who_may_not_change_the_report(world, login):
    report = make_report(world.hf)
    assert login(world.users["clerk_rbkc"]).get(compose_url(report)).status_code == 404
    refused = login(world.users["officer_hf"]).get(compose_url(report))
    assert refused.status_code == 403
    assert "Only the clerks of Hammersmith and Fulham may change" in refused.content.decode()


# Front matter.


def test_the_front_matter_form_asks_for_every_field_the_seed_papers_state():
    assert set(FrontMatterForm.Meta.fields) == set(REPORT_FRONT_MATTER)


def front_matter(report, **changes) -> dict:
    values = {name: getattr(report, name) for name in FrontMatterForm.Meta.fields}
    values["key_decision"] = "" if report.key_decision is None else str(report.key_decision)
    values |= {"seen_version": report.version, **changes}
    return {name: "" if value is None else value for name, value in values.items()}


def test_front_matter_is_saved_with_the_models_messages_for_what_is_missing(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    url = compose_url(report, "front-matter")
    refused = client.post(url, front_matter(report, classification="exempt"))
    assert "An exempt report must name the exemption paragraph" in errors_of(refused)
    same = client.post(url, front_matter(report, contact_name="andrew christie"))
    assert "The contact officer is the report's author" in errors_of(same)
    saved = client.post(
        url,
        front_matter(
            report,
            purpose="decision",
            key_decision="True",
            forward_plan_reference="FP-2012-04",
            lead_officer="Andrew Christie, Tri-borough Director",
            lead_officer_label="Responsible Officer",
            contact_name="Steve Bywater",
        ),
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert (report.key_decision, report.lead_officer_label) == (True, "Responsible Officer")
    assert report.history.first().history_user == world.users["clerk"]


def test_a_stale_front_matter_form_is_refused_naming_who_changed_what(world, login):
    report = make_report(world.hf)
    opened = front_matter(report, title="My title")
    login(world.users["admin"]).post(
        compose_url(report, "front-matter"), front_matter(report, wards="All wards")
    )
    refused = login(world.users["clerk"]).post(compose_url(report, "front-matter"), opened)
    assert refused.status_code == 200
    assert "changed by admin" in errors_of(refused) and "Wards affected" in errors_of(refused)
    report.refresh_from_db()
    assert (report.title, report.wards) == ("Briefing on Tri-Borough Progress", "All wards")


# Parts: add, change, move, delete.


def test_sections_are_added_moved_and_deleted_each_with_its_user(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    add = compose_url(report, "part-add", "sections")
    client.post(add, {"heading": "Background", "body": "Some text."})
    first, second = report.sections.all()
    assert (second.heading, second.position) == ("Background", 2)
    order = f"{first.pk},{second.pk}"
    client.post(
        compose_url(report, "part-move", "sections", second.pk),
        {"direction": "up", "order": order},
    )
    assert [s.heading for s in report.sections.all()] == ["Background", "Executive summary"]
    stale = client.post(
        compose_url(report, "part-move", "sections", first.pk),
        {"direction": "up", "order": order},
        follow=True,
    )
    assert "nothing was moved" in stale.content.decode()
    assert [s.heading for s in report.sections.all()] == ["Background", "Executive summary"]
    second.refresh_from_db()
    client.post(
        compose_url(report, "part-delete", "sections", second.pk),
        {"seen_version": second.version},
    )
    assert not ReportSection.objects.filter(pk=second.pk).exists()
    deleted = ReportSection.history.filter(id=second.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", world.users["clerk"])


def test_a_part_changed_by_someone_else_is_not_deleted_unseen(world, login):
    report = make_report(world.hf)
    section = report.sections.get()
    seen = section.version
    login(world.users["admin"]).post(
        compose_url(report, "part", "sections", section.pk),
        {"heading": "Changed", "body": "New", "seen_version": seen},
    )
    response = login(world.users["clerk"]).post(
        compose_url(report, "part-delete", "sections", section.pk),
        {"seen_version": seen},
        follow=True,
    )
    assert "changed by admin" in response.content.decode()
    assert ReportSection.objects.filter(pk=section.pk).exists()


# Appendices and tables: a kind, then its parameters from lists, with a preview.


def appendix_post(programme, world, **changes) -> dict:
    return {
        "kind": "savings_table",
        "title": "H&F savings",
        "placement": "inline",
        "label": "savings",
        "param_programme": programme.pk,
        "param_authority": world.hf.pk,
        "param_unit": "",
        "param_form": "",
        "param_split": "",
        **changes,
    }


def test_a_live_table_is_previewed_then_saved_from_picked_parameters(world, login):
    programme = hf_programme(world)
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    kinds = client.get(compose_url(report, "appendix-choose")).content.decode()
    assert 'value="savings_table"' in kinds
    url = compose_url(report, "appendix-add") + "?kind=savings_table"
    form = client.get(url).content.decode()
    assert "params" not in re.findall(r'name="([^"]+)"', form)
    assert f'<option value="{programme.pk}">H&amp;F savings</option>' in form
    preview = client.post(url, appendix_post(programme, world, action="preview"))
    assert (
        "Single management team" in preview.content.decode() and "340" in preview.content.decode()
    )
    assert not report.appendices.exists()  # a preview saves nothing
    saved = client.post(url, appendix_post(programme, world, action="save"), follow=True)
    appendix = report.appendices.get()
    assert appendix.params["programme"] == "H&F savings" and appendix.params["authority"] == "205"
    assert "{{table savings}}" in saved.content.decode()
    assert appendix.history.get().history_user == world.users["clerk"]


def test_the_blocks_own_refusal_is_shown_on_the_form(world, login):
    programme = hf_programme(world)
    programme_for(world.rbkc, name="RBKC savings")  # so RBKC is among the authorities offered
    report = make_report(world.hf)
    url = compose_url(report, "appendix-add") + "?kind=savings_table"
    client = login(world.users["clerk"])
    refused = client.post(url, appendix_post(programme, world, param_authority=world.rbkc.pk))
    assert "RBKC takes no part in “H&F savings”" in errors_of(refused)
    missing = client.post(url, appendix_post(programme, world, param_programme="", label=""))
    assert "Choose the savings programme." in errors_of(missing)
    assert "A table in the text needs a label" in errors_of(missing)
    forged = client.post(url, appendix_post(programme, world, param_programme=999999))
    assert "Select a valid choice" in errors_of(forged)
    assert not report.appendices.exists()


def test_a_kind_the_clerk_may_not_use_is_not_offered(world, login):
    report = make_report(world.hf)
    response = login(world.users["clerk"]).get(
        compose_url(report, "appendix-add") + "?kind=no_such_block", follow=True
    )
    assert "is not a kind of appendix you can add" in response.content.decode()


def test_two_tables_in_one_report_cannot_share_a_label(world, login):
    programme = hf_programme(world)
    report = make_report(world.hf)
    url = compose_url(report, "appendix-add") + "?kind=savings_table"
    client = login(world.users["clerk"])
    client.post(url, appendix_post(programme, world))
    again = client.post(url, appendix_post(programme, world, title="Again"))
    assert "Another table of this report is labelled 'savings'" in errors_of(again)
    assert "needs a label" not in errors_of(again)  # one sentence for one problem


def test_the_admin_shows_block_parameters_in_words_and_asks_for_no_json(world, login):
    programme = hf_programme(world)
    report = make_report(world.hf)
    Appendix.objects.create(
        report=report, position=1, title="Savings", kind="savings_table",
        params={"programme": programme.name},
    )  # fmt: skip
    page = login(world.users["clerk"]).get(
        reverse("admin:governance_committeereport_change", args=[report.pk])
    )
    html = page.content.decode()
    assert 'name="appendices-0-params"' not in html
    assert "Savings programme: H&amp;F savings" in html
    assert "Change them in the composer" in html


# Bad input, through the pages.


def test_script_and_html_in_body_text_and_footnotes_print_as_text(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    body = (
        "The figures <img src=x onerror=alert(2)> are below.[^1]\n\n"
        "[^1]: A note <script>alert(3)</script> here."
    )
    client.post(
        compose_url(report, "part-add", "sections"), {"heading": "<b>Heading</b>", "body": body}
    )
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<script>alert(3)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    text = pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content)
    flat = " ".join(text.split())
    assert "<img src=x onerror=alert(2)>" in flat
    assert "<script>alert(3)</script>" in flat
    assert "<b>heading</b>" in flat.lower()


def test_a_table_whose_programme_was_deleted_is_refused_at_publication_naming_it(world, login):
    programme = hf_programme(world)
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    url = compose_url(report, "appendix-add") + "?kind=savings_table"
    client.post(url, appendix_post(programme, world, placement="appendix", label=""))
    programme.delete()
    publish = reverse("reports:publish", args=[report.pk])
    page = client.get(publish).content.decode()
    assert "The savings programme “H&amp;F savings” was deleted on" in page
    response = client.post(publish, {"stamp": composition_stamp(report)}, follow=True)
    assert "The savings programme “H&amp;F savings” was deleted on" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published
    edit = client.get(compose_url(report, "appendix", report.appendices.get().pk))
    assert "It cannot be drawn" in edit.content.decode()
    preview = client.get(reverse("reports:detail", args=[report.pk]))
    assert "This draft cannot be drawn" in preview.content.decode()
    assert "“H&amp;F savings” was deleted on" in preview.content.decode()
    draft_pdf = client.get(reverse("reports:pdf", args=[report.pk]), follow=True)
    assert "This draft cannot be drawn" in draft_pdf.content.decode()


# Publishing with care.


def test_publishing_is_refused_when_the_paper_changed_after_the_confirmation_page(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    stamp = composition_stamp(report)
    section = report.sections.get()
    login(world.users["admin"]).post(
        compose_url(report, "part", "sections", section.pk),
        {"heading": "Changed", "body": "Late change.", "seen_version": section.version},
    )
    client = login(world.users["clerk"])
    response = client.post(
        reverse("reports:publish", args=[report.pk]), {"stamp": stamp}, follow=True
    )
    assert "section “Changed” was changed by admin" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published


def test_a_published_reports_composer_says_it_is_frozen_and_offers_the_correction(world, login):
    from governance.reports.publishing import publish_report

    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    response = login(world.users["clerk"]).get(compose_url(report), follow=True)
    page = response.content.decode()
    assert "can no longer be edited" in page
    assert "Start a corrected version" in page
    report.refresh_from_db()
    assert report.is_published

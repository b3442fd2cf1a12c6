"""The per-section mandate editor at three times the size of the H&F 2011 mandate.

The H&F mandate, edited as one page of inlines, posted ~1,300 fields and Django refused it
(``TooManyFieldsSent``, limit 1,000). Here every section of a mandate three times its size is
saved, page by page, through the real admin POST with Django's default field limit.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from childrens_services.demo import read_json
from governance.models import Division
from mandates.demo import load_mandate
from mandates.models import Mandate, MeasureActual, SuccessMeasure
from mandates.section_editor import MAX_FIELDS_PER_POST, SECTIONS, SECTIONS_BY_SLUG
from tests.conftest import build_world, rolled_back_afterwards
from tests.mandates.section_pages import form_errors, post_data, section_url

pytestmark = pytest.mark.django_db

COPIES = 3
DIVISIONS = ["Education", "Family Support Programme", "Health Integration", "Other", "Social Care"]


def _copy(value: str, copy: int) -> str:
    return value if copy == 1 else f"{value} (copy {copy})"


def tripled(data: dict) -> dict:
    """The H&F 2011 fixture with every section three times as long (rows kept distinct)."""
    merton = read_json("mandates", "merton_2016.json")
    # H&F's paper has no statutory responsibilities or service challenges; Merton's has.
    data = {
        **data,
        "statutory_responsibilities": merton["statutory_responsibilities"],
        "service_challenges": merton["service_challenges"],
    }
    out = {"mandate": {**data["mandate"], "status": Mandate.Status.DRAFT}}
    keys = {"key_facts": "label", "success_measures": "indicator", "milestones": "text"}
    for name, value in data.items():
        if name == "mandate":
            continue
        if isinstance(value, dict):
            out[name] = {
                group: [_copy_row(row, n, None) for n in range(1, COPIES + 1) for row in rows]
                for group, rows in value.items()
            }
        else:
            out[name] = [
                _copy_row(row, n, keys.get(name)) for n in range(1, COPIES + 1) for row in value
            ]
    return out


def _copy_row(row, copy: int, key: str | None):
    if isinstance(row, str):
        return _copy(row, copy)
    if isinstance(row, list):  # an asset: name, status, detail
        return [_copy(row[0], copy), *row[1:]]
    return {**row, key: _copy(row[key], copy)}


@pytest.fixture(scope="module")
def at_size(django_db_setup, django_db_blocker):
    """The world and the H&F 2011 mandate three times over, made once for the module (about
    2.5 s) and rolled back when it ends; each test's own changes are rolled back after it."""
    with rolled_back_afterwards(django_db_blocker):
        world = build_world()
        for name in DIVISIONS:
            Division.objects.get_or_create(authority=world.hf, name=name)
        mandate = load_mandate(tripled(read_json("mandates", "hf_2011.json")))
        for measure in mandate.success_measures.all():
            for year in range(2011, 2011 + COPIES):
                MeasureActual.objects.create(
                    measure=measure,
                    period=str(year),
                    as_at=dt.date(year, 8, 31),
                    value=Decimal("1"),
                )
        yield world, mandate.pk


@pytest.fixture
def world(at_size, db):
    return at_size[0]


@pytest.fixture
def big_mandate(at_size, db) -> Mandate:
    return Mandate.objects.get(pk=at_size[1])


def hf_counts() -> dict[str, int]:
    """Rows per section in the H&F 2011 demo mandate (``mandates/demo.py``'s fixture)."""
    data = read_json("mandates", "hf_2011.json")
    return {
        name: sum(len(v) for v in value.values()) if isinstance(value, dict) else len(value)
        for name, value in data.items()
        if name != "mandate"
    }


def editable_text_field(section) -> str:
    """The first free-text column of a section: the one the test edits on every page."""
    for name in section.fields:
        model_field = section.model._meta.get_field(name)
        if (
            isinstance(model_field, (models.CharField, models.TextField))
            and not model_field.choices
        ):
            return name
    raise AssertionError(f"{section.slug} has no text column")


def test_the_tripled_mandate_is_three_times_hf_in_every_section(big_mandate):
    counts = hf_counts()
    assert big_mandate.key_facts.count() == COPIES * counts["key_facts"]
    assert big_mandate.milestones.count() == COPIES * counts["milestones"]
    assert big_mandate.assets.count() == COPIES * counts["assets"]
    assert big_mandate.success_measures.count() == COPIES * counts["success_measures"]
    for section in SECTIONS:
        assert section.rows(big_mandate).count() >= COPIES * 2, section.slug


def test_every_page_of_every_section_saves_under_the_default_field_limit(
    big_mandate, world, login, settings
):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    officer = world.users["officer_hf"]
    client = login(officer)
    largest = 0
    pages_saved = 0
    for section in SECTIONS:
        column = editable_text_field(section)
        first = client.get(section_url(big_mandate, section.slug))
        assert first.status_code == 200
        pages = first.context["paginator"].num_pages
        assert pages == -(-section.rows(big_mandate).count() // section.rows_per_page)
        for number in range(1, pages + 1):
            page = client.get(section_url(big_mandate, section.slug, number))
            data = post_data(page)
            largest = max(largest, len(data))
            assert len(data) <= MAX_FIELDS_PER_POST
            row_pk = page.context["formset"].forms[0].instance.pk
            data[f"rows-0-{column}"] = f"Edited on page {number} of {section.slug}"[:60]
            response = client.post(section_url(big_mandate, section.slug, number), data)
            assert response.status_code == 302, (section.slug, number, form_errors(response))
            row = section.model.objects.get(pk=row_pk)
            assert getattr(row, column) == f"Edited on page {number} of {section.slug}"[:60]
            assert row.history.first().history_user == officer
            pages_saved += 1
    assert pages_saved > len(SECTIONS)
    print(f"largest section POST: {largest} fields; {pages_saved} pages saved")


def test_the_mandate_page_lists_its_sections_with_counts_and_last_change(big_mandate, world, login):
    officer = world.users["officer_hf"]
    client = login(officer)
    page = client.get(section_url(big_mandate, "risks"))
    data = post_data(page)
    data["rows-0-owner"] = "Director of Children's Services"
    client.post(section_url(big_mandate, "risks"), data)
    response = client.get(reverse("admin:mandates_mandate_change", args=[big_mandate.pk]))
    tasks = {task["title"]: task for task in response.context["sections"]}
    assert set(tasks) == {section.title for section in SECTIONS}
    assert tasks["Key facts"]["count"] == big_mandate.key_facts.count()
    assert tasks["Risks"]["changed_by"] == officer
    html = response.content.decode()
    assert section_url(big_mandate, "milestones") in html
    assert 'name="rows-' not in html
    assert len(re.findall(r"<(?:input|select|textarea)\b[^>]*\bname=", html)) < 100


def test_every_cell_input_is_labelled_with_its_row_and_column(big_mandate, world, login):
    client = login(world.users["officer_hf"])
    html = client.get(section_url(big_mandate, "key-facts", 2)).content.decode()
    first_row = SECTIONS_BY_SLUG["key-facts"].rows_per_page + 1
    assert f'aria-label="Label, row {first_row}"' in html
    assert f'aria-label="Delete, row {first_row}"' in html
    assert 'aria-label="Value, new row 1"' in html
    visible = re.findall(r"<(?:input|select|textarea)\b(?![^>]*type=\"hidden\")[^>]*>", html)
    cells = [tag for tag in visible if 'name="rows-' in tag]
    assert cells
    assert all("aria-label=" in tag for tag in cells)


def test_a_page_with_a_stale_row_saves_nothing_and_says_who_changed_it(big_mandate, world, login):
    client = login(world.users["officer_hf"])
    page = client.get(section_url(big_mandate, "success-measures"))
    data = post_data(page)
    forms = page.context["formset"].forms
    first, second = forms[0].instance, forms[1].instance
    other = SuccessMeasure.objects.get(pk=second.pk)
    other._history_user = world.users["admin"]
    other.theme = "Changed meanwhile"
    other.save()
    data["rows-0-theme"] = "My edit"
    data["rows-1-theme"] = "My other edit"
    response = client.post(section_url(big_mandate, "success-measures"), data)
    assert response.status_code == 200
    assert "changed by admin after you opened it" in response.content.decode()
    assert SuccessMeasure.objects.get(pk=first.pk).theme == first.theme
    assert SuccessMeasure.objects.get(pk=second.pk).theme == "Changed meanwhile"


def test_a_row_deleted_meanwhile_is_reported_and_nothing_is_saved(big_mandate, world, login):
    client = login(world.users["officer_hf"])
    page = client.get(section_url(big_mandate, "assets"))
    data = post_data(page)
    forms = page.context["formset"].forms
    gone, kept = forms[0].instance, forms[1].instance
    type(gone).objects.get(pk=gone.pk).delete()
    data["rows-0-name"] = "Edited after it was deleted"
    data["rows-1-name"] = "Edited alongside"
    response = client.post(section_url(big_mandate, "assets"), data)
    html = response.content.decode()
    assert "deleted by someone else after you opened the page" in html
    assert "Nothing was saved" in html
    assert type(kept).objects.get(pk=kept.pk).name == kept.name


def test_the_mandates_own_page_saves_its_header_in_a_small_post(big_mandate, world, login):
    client = login(world.users["officer_hf"])
    url = reverse("admin:mandates_mandate_change", args=[big_mandate.pk])
    form = client.get(url).context["adminform"].form
    data = {"csrfmiddlewaretoken": "x"}
    for bound in form:
        value = bound.value()
        data[bound.html_name] = "" if value is None else str(value)
    data["vision"] = "A ladder of opportunity for every child."
    assert len(data) < 30
    response = client.post(url, data)
    assert response.status_code == 302
    big_mandate.refresh_from_db()
    assert big_mandate.vision == "A ladder of opportunity for every child."
    assert big_mandate.history.first().history_user == world.users["officer_hf"]


def test_counts_show_in_their_boxes_as_the_paper_writes_them(big_mandate, world, login):
    """A key fact of 34,853 children is edited as 34853, not 34853.00, and sending the page
    back unchanged changes nothing (the box's text is the same number)."""
    client = login(world.users["officer_hf"])
    fact = big_mandate.key_facts.filter(value=Decimal("34853")).first()
    assert fact is not None
    page = client.get(section_url(big_mandate, "key-facts"))
    html = page.content.decode()
    assert 'value="34853"' in html
    assert "34853.00" not in html
    response = client.post(section_url(big_mandate, "key-facts"), post_data(page))
    assert response.status_code == 302, form_errors(response)
    fact.refresh_from_db()
    assert fact.value == Decimal("34853")
    assert fact.history.count() == 1

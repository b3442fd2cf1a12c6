"""The shared table page: narrowed, sortable, paged, downloadable, and safe to open in Excel."""

from __future__ import annotations

import pytest

from childrens_services.tables import neutralise
from governance.models import Division
from tests.downloads import read_csv, read_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.generic_urls")]


@pytest.fixture
def divisions(world):
    Division.objects.create(authority=world.hf, name="Education", head='=HYPERLINK("x")')
    Division.objects.create(authority=world.hf, name="Social Care", head="+44 20 7000")
    Division.objects.create(authority=world.hf, name="Other", head="@SUM(A1)")
    Division.objects.create(authority=world.rbkc, name="Family Services", head="-1")


def test_formula_like_cells_are_neutralised_and_numbers_are_not():
    assert neutralise("=SUM(A1:A2)") == "'=SUM(A1:A2)"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("Plain text") == "Plain text"
    assert neutralise(-5) == -5


def test_the_csv_download_holds_every_filtered_row_neutralised(divisions, client, world):
    client.force_login(world.users["scrutiny"])
    response = client.get(f"/divisions/?authority={world.hf.pk}&_export=csv")
    assert response.status_code == 200
    download = read_csv(response.content)
    assert download.headings == ["Name", "Authority", "Head"]
    heads = sorted(row[2] for row in download.rows)
    assert heads == ["'+44 20 7000", '\'=HYPERLINK("x")', "'@SUM(A1)"]


def test_the_xlsx_download_is_a_real_workbook_with_no_formulas(divisions, client, world):
    client.force_login(world.users["scrutiny"])
    response = client.get("/divisions/?_export=xlsx")
    download = read_xlsx(response.content)
    cells = [value for row in download.rows for value in row]
    assert len(cells) == 4 * 3
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


def test_officers_see_only_their_own_rows(divisions, client, world):
    client.force_login(world.users["officer_hf"])
    page = client.get("/divisions/?per_page=10").content.decode()
    assert "Education" in page and "Family Services" not in page


def test_sorting_marks_the_column_for_screen_readers(divisions, client, world):
    client.force_login(world.users["scrutiny"])
    page = client.get("/divisions/?sort=-name").content.decode()
    assert 'aria-sort="descending"' in page
    assert page.index("Social Care") < page.index("Education")


def test_bad_input_gives_clear_pages_not_errors(divisions, client, world):
    client.force_login(world.users["scrutiny"])
    bad_filter = client.get("/divisions/?authority=not-an-authority")
    assert bad_filter.status_code == 400
    assert "There is a problem with the filters" in bad_filter.content.decode()
    assert client.get("/divisions/?page=99").status_code == 404
    assert client.get("/divisions/?page=abc").status_code == 200  # not a number: first page


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/divisions/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_linked_cell_is_a_govuk_link(world):
    from mandates.models import Mandate
    from mandates.tables import MandateTable

    Mandate.objects.create(authority=world.hf, title="H&F mandate", start_year=2011, end_year=2014)
    from django.test import RequestFactory

    html = MandateTable(Mandate.objects.all()).as_html(RequestFactory().get("/mandates/"))
    assert '<a href="/mandates/' not in html
    assert 'class="govuk-link"' in html and "H&amp;F mandate</a>" in html


# The body rows drawn in one pass (``govuk_tables.body_rows``) are the template loop's rows.

LOOP = """{% for row in table.paginated_rows %}
    <tr class="govuk-table__row">
    {% for column, cell in row.items %}
      {% if forloop.first %}<th scope="row" {{ column.attrs.td.as_html }}>{{ cell }}</th>{% else %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endif %}
    {% endfor %}
    </tr>
  {% endfor %}"""  # noqa: E501 - the table template's loop as it was, to the byte


def body_rows_as_the_loop_draws_them(table) -> str:
    """``{% body_rows table %}``, checked to be the table template's loop's rows, byte for byte."""
    from django.template import Context, Template
    from django.test import RequestFactory
    from django_tables2 import RequestConfig

    RequestConfig(RequestFactory().get("/")).configure(table)
    looped = Template(LOOP).render(Context({"table": table}))
    drawn = Template("{% load govuk_tables %}{% body_rows table %}").render(
        Context({"table": table})
    )
    assert drawn == looped
    return drawn


def test_body_rows_are_the_template_loops_rows_with_attributes_computed_per_row(divisions):
    import django_tables2 as tables

    from childrens_services.tables import BaseTable

    class Divisions(BaseTable):
        name = tables.Column(attrs={"td": {"data-head": lambda record: record.head or "none"}})
        authority = tables.Column(attrs={"td": {"class": "govuk-table__cell app-owner"}})
        head = tables.Column()

        class Meta(BaseTable.Meta):
            model = Division
            fields = ["name", "authority", "head"]

    drawn = body_rows_as_the_loop_draws_them(Divisions(Division.objects.order_by("pk")))
    assert 'data-head="+44 20 7000"' in drawn and 'class="app-owner govuk-table__cell"' in drawn
    assert "&quot;x&quot;" in drawn  # the head =HYPERLINK("x") escaped, as {{ cell }} escapes


def test_body_rows_render_each_cell_as_django_tables2_does(world):
    """Render methods of every signature, links, choices shown by their labels, empty cells
    given the column's default: the one-pass rows call each render function as the library's
    loop does, with its arguments read once per column."""
    import datetime as dt

    import django_tables2 as tables

    from childrens_services.tables import BaseTable
    from commissioning.models import Contract

    for n, status in enumerate(["active", "planned", "ended"]):
        Contract.objects.create(
            authority=world.hf, reference=f"C-{n}", title=f"Contract <{n}>", status=status,
            provider_text="Various", total_value=1000 * n or None,
            end_date=dt.date(2013, 3, 31) if n else None,
        )  # fmt: skip

    class Contracts(BaseTable):
        reference = tables.Column(linkify=lambda record: f"/contracts/{record.pk}/")
        status = tables.Column()
        total_value = tables.Column(default="not recorded")
        end_date = tables.Column()
        title = tables.Column()
        owner = tables.Column(accessor="authority__short_name", empty_values=())

        class Meta(BaseTable.Meta):
            model = Contract
            fields = ["reference", "status", "total_value", "end_date", "title"]

        def render_total_value(self, value, record):
            return f"£{value:,} for {record.reference}"

        def render_end_date(self, value):
            return value.isoformat()

        def render_title(self, **everything):
            return f"{everything['value']} in {everything['table'].__class__.__name__}"

        def render_owner(self, value, bound_row, column):
            return f"{value} ({type(column).__name__}, row of {bound_row.record.reference})"

    drawn = body_rows_as_the_loop_draws_them(Contracts(Contract.objects.order_by("pk")))
    assert f'href="/contracts/{Contract.objects.get(reference="C-1").pk}/"' in drawn
    assert ">Planned</td>" in drawn and "£2,000.00 for C-2" in drawn and "not recorded" in drawn
    assert "Contract &lt;1&gt; in Contracts" in drawn and "H&amp;F (Column, row of C-0)" in drawn

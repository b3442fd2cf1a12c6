"""Live report appendices from the mandates, savings and commissioning data: the seed papers'
tables reproduced in the PDF, frozen on publishing, escaped, and refused with bad parameters."""

from __future__ import annotations

import hashlib
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from childrens_services import blocks
from commissioning import demo as commissioning_demo
from commissioning.models import Contract, ContractForecast, DeliveryModelSpend, ServiceGroup
from governance import demo as governance_demo
from governance.models import Appendix, CommitteeReport
from governance.reports.document import build_document, standalone_document
from governance.reports.html import report_fragment
from governance.reports.pdf import render_report_pdf, report_html
from governance.reports.publishing import publish_report
from mandates import demo as mandates_demo
from mandates.models import Asset, KeyFact, Mandate, Milestone, SuccessMeasure
from savings import demo as savings_demo
from savings.models import SavingsLine, SavingsProfile
from tests.governance.reports_factory import make_report, pdf_text

pytestmark = pytest.mark.django_db

#: The H&F totals row; 2,227 is the paper's MTFS total, lettered for its note (the lines give
#: 2,217: the paper's column holds 340 for a line whose saving is 330).
HF_TOTALS = re.compile(r"Total\s+1,075\s+1,550\s+4,283\s+5,297\s+2,227[a-z]?\s+2,460")


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The seed papers' records as ``load_demo`` loads them (reports still drafts), loaded
    once for the module inside a transaction that is rolled back at the end; each test runs
    in a savepoint within it, so tests cannot see one another's changes."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            for module in (governance_demo, mandates_demo, savings_demo, commissioning_demo):
                module.load(out)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once, db):
    return Mandate.objects.get(authority__dfe_code="205", start_year=2011)


class Tables(HTMLParser):
    """Each table's caption and the cells of its body rows, from rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._in.append(tag)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr" and "tbody" in self._in:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and "tbody" in self._in:
            self.tables[-1]["rows"][-1].append("")

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if not self.tables or "table" not in self._in:
            return
        if "caption" in self._in:
            self.tables[-1]["caption"] += data
        elif self._in[-1] in ("td", "th", "br") and "tbody" in self._in:
            self.tables[-1]["rows"][-1][-1] += data

    def caption(self, start: str) -> list[dict]:
        return [t for t in self.tables if t["caption"].strip().startswith(start)]


def tables_of(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def test_the_mandate_report_prints_seed_000s_figures(seeded, tmp_path):
    target = tmp_path / "mandate.pdf"
    call_command(
        "render_report", "--mandate", str(seeded.pk), "-o", str(target), stdout=io.StringIO()
    )
    text = pdf_text(target.read_bytes())
    assert HF_TOTALS.search(text), "the savings totals row, computed from the lines"
    assert re.search(r"Exclude DSG\s+savings\s+\(620\)", text)
    eden = re.search(r"Eden Food\s+Services\s+Ltd.*?19,365\s+04/11/12\s+3,873", text, re.S)
    assert eden, "the top contract's value, renewal date and 2011/12 forecast"
    assert "61,962" in text and "58,647" in text and "55,128" in text
    assert "Hammersmith & Fulham Mandate for Children's Services 2011" in text


def test_the_mandate_block_reproduces_every_table_of_seed_000s_mandate(seeded):
    document = standalone_document("mandate", {"mandate": seeded.pk}, title="Mandate")
    found = tables_of(report_fragment(document))

    (contracts,) = found.caption("Hammersmith and Fulham: top areas")
    forecasts = ContractForecast.objects.filter(
        contract__authority=seeded.authority, financial_year=2011
    )
    assert len(contracts["rows"]) == min(15, forecasts.count()) == 15
    assert contracts["rows"][0][:5] == [
        "Eden Food Services Ltd",
        "Catering Management services for schools",
        "19,365",
        "04/11/12",
        "3,873",
    ]
    assert contracts["rows"][7][3] == "52 week placements"

    (savings,) = found.caption("H&F Children's Services savings")
    lines = SavingsLine.objects.filter(programme__authority=seeded.authority).count()
    assert len(savings["rows"]) == lines + 2, "every line, the DSG exclusion and the total"
    assert savings["rows"][0] == ["Single Management Team", "70", "340", "680", "680", "", "680"]
    assert savings["rows"][-2][0] == "Exclude DSG savings" and savings["rows"][-2][-1] == "(620)"
    assert savings["rows"][-1] == ["Total", "1,075", "1,550", "4,283", "5,297", "2,227", "2,460"]

    for value, label in Asset.AssetList.choices:
        (assets,) = found.caption(label)
        assert len(assets["rows"]) == Asset.objects.filter(mandate=seeded, asset_list=value).count()

    themes = set(SuccessMeasure.objects.filter(mandate=seeded).values_list("theme", flat=True))
    measure_tables = [t for t in found.tables if t["caption"].strip() in themes]
    assert len(measure_tables) == len(themes)
    measure_rows = [row for t in measure_tables for row in t["rows"]]
    assert len(measure_rows) == SuccessMeasure.objects.filter(mandate=seeded).count() == 11
    gcse = next(row for row in measure_rows if row[0].startswith("Percentage of pupils achieving"))
    assert gcse[1:3] == ["68.4% (2010)", "75% by 2012"]

    (grid,) = found.caption("Milestones 2012-13")
    divisions = Milestone.objects.filter(mandate=seeded).values("division").distinct().count()
    assert [row[0] for row in grid["rows"]] == [
        "Education",
        "Family Support Programme",
        "Health Integration",
        "Social Care",
        "Other",
    ][:divisions]
    assert "Integration of shared Education service (3BW)" in grid["rows"][0][1]

    groups = ServiceGroup.objects.filter(authority=seeded.authority)
    for group in groups:
        (plan,) = found.caption(group.name)
        assert len(plan["rows"]) == group.services.count()
    (spend,) = found.caption("Spend by service delivery model")
    categories = (
        DeliveryModelSpend.objects.filter(authority=seeded.authority)
        .values("category")
        .distinct()
        .count()
    )
    assert len(spend["rows"]) == categories + 1
    assert spend["rows"][-1] == ["Total", "61,962", "100%", "58,647", "100%", "55,128", "100%"]
    assert spend["rows"][0][1:] == ["0", "0%", "2,675", "5%", "3,526", "6%"]


def _texts(html: str, css_class: str) -> list[str]:
    """The text of each ``<p>`` of ``css_class`` in ``html``, tags dropped."""
    found = re.findall(rf'<p class="[^"]*\b{css_class}\b[^"]*">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


def test_the_mandate_prints_its_key_facts_as_the_paper_states_them_with_their_notes(seeded):
    html = report_fragment(standalone_document("mandate", {"mandate": seeded.pk}, title="M"))
    facts = _texts(html, "key-fact")
    assert len(facts) == KeyFact.objects.filter(mandate=seeded).count() == 24
    assert facts[0] == "Number of children aged 0-19 in Hammersmith &amp; Fulham: 34,853¹"
    assert facts[7] == (
        "28% of our looked after children are living in Hammersmith &amp; Fulham and 72% are "
        "placed out of borough.⁸"
    )
    assert (
        "Number of teenage pregnancies: 103 (or 49.3 per 1000 young women aged 15-17) (2009)¹²"
        in facts
    )
    # The paper's notes 1-20: the two school facts citing note 15 share its mark; the three
    # facts without a note take none.
    notes = _texts(html, "fact-note")
    assert len(notes) == 20
    assert notes[0] == "¹ Mid Year Estimates 2010, ONS" and notes[-1] == "²⁰ DfE October 2011"
    assert "Number of Nursery Schools judged by Ofsted to be Outstanding: 3 of 4" in facts
    special = "Number of special schools judged by Ofsted to be Outstanding: 5 of 5¹⁵"
    assert special in facts


def test_the_mandate_prints_its_narrative_numbered_as_the_paper_numbers_it(seeded):
    html = report_fragment(standalone_document("mandate", {"mandate": seeded.pk}, title="M"))
    numbered = re.findall(r'<span class="number">([\d.]+)</span> (\w+)', html)
    paragraphs = [(number, word) for number, word in numbered if not number.startswith("1.2.")]
    assert paragraphs == [
        ("1.3", "Children"),
        ("1.4", "This"),
        ("1.5", "Hammersmith"),
        ("2.1", "The"),
        ("2.2", "Whilst"),
        ("3.1", "Children"),
    ]
    assert re.findall(r"<h4>(2\.\d) ([^<]+)</h4>", html) == [
        ("2.3", "Social care"),
        ("2.4", "Early intervention and prevention"),
        ("2.5", "Education"),
    ]
    order = [
        "This Council prides itself upon;",
        "the following key operational objectives:",
        "See Annexe A at end of this Mandate",
        "top areas of expenditure through procurement over the next year",
        "Key for future intention:",
        "active management of the procurement chain.",
        "Children&#x27;s Services&#x27; focus on savings",
        "Exclude DSG savings",
        "reduce the burden of debt.",
        "Systems currently in place include:",
        "the key measures of success will be:",
        "are as follows:",
        "(To be developed further)",
        "10. Children's Services' milestones for the next three years",
        "CHS Commissioning Plan 2011/15",
        "becoming responsible citizens who achieve economic wellbeing.",
    ]
    places = [html.find(text) for text in order]
    assert -1 not in places, [text for text in order if html.find(text) == -1]
    assert places == sorted(places), "the paper's order"
    # What the mandate set, not what has been tracked since: no latest actual or RAG columns.
    assert ">RAG<" not in html and "no actual yet" not in html
    assert "596.5 average for statistical neighbours (2010)" in html


def test_a_snapshot_taken_before_the_narrative_was_recorded_still_draws(seeded):
    """Reports published earlier keep their snapshot: facts without a statement or note
    number print "label: value", and missing narrative parts are simply absent."""
    from mandates.blocks import WholeMandate

    block = WholeMandate()
    snapshot = block.snapshot({"mandate": seeded.pk})
    for name in ["objectives_summary", "commissioning_summary", "procurement_note", "risks_note"]:
        del snapshot[name]
    for fact in snapshot["key_facts"]:
        del fact["statement"], fact["footnote"]
    context = block.context(snapshot)
    first = context["background"]["facts"][0]
    assert first == {
        "statement": "Number of children aged 0-19 in Hammersmith & Fulham: 34,853",
        "mark": "¹",
    }
    assert context["commissioning_numbered"] == []


def test_a_key_facts_wording_must_say_where_its_value_goes(seeded):
    fact = KeyFact.objects.filter(mandate=seeded).exclude(wording="").first()
    fact.wording = "28% of our looked after children are living in the borough."
    with pytest.raises(ValidationError) as caught:
        fact.full_clean()
    assert "{value}" in caught.value.message_dict["wording"][0]


def test_the_spend_chart_is_an_accessible_svg_drawn_from_the_same_figures(seeded):
    document = standalone_document("mandate", {"mandate": seeded.pk}, title="Mandate")
    html = report_html(document)
    assert "<svg" in html and 'role="img"' in html
    assert "spend by service delivery model</title>" in html
    assert "<script" not in html


def test_the_other_seed_papers_tables_come_from_their_records(seeded):
    harrow = report_fragment(
        standalone_document(
            "savings_table",
            {
                "programme": "Harrow Integrated Children's Services – phase 1 savings",
                "authority": "310",
                "unit": "£000",
                "form": "incremental",
            },
            title="Harrow",
        )
    )
    (table,) = tables_of(harrow).tables
    assert table["rows"][0] == ["Staffing Restructure", "", "-312", "-140", "-452"]
    assert table["rows"][-1] == ["Total", "0", "-914", "-345", "-1,259"]

    tri = tables_of(
        report_fragment(
            standalone_document(
                "savings_table",
                {"programme": "Tri-borough Children's Services business case", "unit": "£m"},
                title="Table 1",
            )
        )
    ).tables[0]
    assert tri["rows"][0] == ["Assured savings"]
    # One table, one number of decimals: a line prints 0.065, so every figure has three.
    assert tri["rows"][1] == ["Single management team", "0.680", "0.340", "0.070", "1.090", "C"]
    assert ["Sub total", "0.950", "0.950", "0.950", "2.850", ""] in tri["rows"]

    merton = {"authority": "315", "years": [2016, 2017, 2018, 2019]}
    budget = tables_of(
        report_fragment(
            standalone_document("budget_table", {"authority": "315", "start_year": 2016}, "B")
        )
    ).tables[0]
    assert budget["rows"][-1] == ["Totals", "£50.181 million", "528.4"]
    targets = tables_of(report_fragment(standalone_document("savings_targets", merton, "T")))
    assert targets.tables[0]["rows"][-1] == ["Total", "£5.392 million"]
    capital = tables_of(report_fragment(standalone_document("capital_programme", merton, "C")))
    assert capital.tables[0]["rows"][0] == ["Primary Expansion", "4,027,230", "0", "0", "0"]
    assert capital.tables[0]["rows"][-1] == [
        "Total",
        "14,718,670",
        "16,128,860",
        "13,689,950",
        "7,955,000",
    ]


def test_load_reports_attaches_the_live_appendices_and_publishes_the_seed_papers(seeded):
    governance_demo.load_reports(io.StringIO())
    reports = CommitteeReport.objects.select_related("meeting__committee__authority")
    assert all(report.is_published for report in reports)
    briefing = reports.get(
        meeting__committee__authority__dfe_code="205", meeting__date="2012-01-17"
    )
    assert briefing.appendices.get().kind == "mandate"
    assert HF_TOTALS.search(pdf_text(bytes(briefing.pdf)))


def test_a_published_mandate_report_keeps_its_bytes_when_a_savings_line_changes(seeded, login):
    from tests.conftest import make_user

    report = make_report(seeded.authority)
    Appendix.objects.create(
        report=report, position=1, title="Mandate", kind="mandate", params={"mandate": seeded.pk}
    )
    draft = make_report(seeded.authority, number=2, title="Draft with the same mandate")
    Appendix.objects.create(
        report=draft, position=1, title="Mandate", kind="mandate", params={"mandate": seeded.pk}
    )
    clerk = make_user("clerk_blocks", "clerk", [seeded.authority])
    publish_report(report, clerk)
    report.refresh_from_db()
    published, sha = bytes(report.pdf), report.pdf_sha256
    assert HF_TOTALS.search(pdf_text(published))

    cell = SavingsProfile.objects.get(
        line__description="Single Management Team", authority=seeded.authority, year=2014
    )
    cell.amount += 20_000
    cell.save()

    response = login(clerk).get(reverse("reports:pdf", args=[report.pk]))
    served = b"".join(response.streaming_content) if response.streaming else response.content
    assert served == published and hashlib.sha256(served).hexdigest() == sha
    report.refresh_from_db()
    assert bytes(report.pdf) == published and report.pdf_sha256 == sha

    redrawn = pdf_text(render_report_pdf(build_document(draft)))
    assert not HF_TOTALS.search(redrawn)
    # The draft prints the paper's totals, each with a note giving the total its lines now make.
    assert re.search(
        r"Total\s+1,075\s+1,550\s+4,283\s+5,297[a-z]\s+2,227[a-z]\s+2,460[a-z]", redrawn
    )
    assert "computed from the lines: 5,317" in redrawn.replace("\n", " ")
    assert "computed from the lines: 2,480" in redrawn.replace("\n", " ")


def test_markup_typed_into_the_data_prints_as_text(seeded):
    contract = Contract.objects.get(reference="HF-PROC-2011-01")
    contract.title = '<script>alert("x")</script><b>Catering</b>'
    contract.save()
    document = standalone_document("mandate", {"mandate": seeded.pk}, title="Mandate")
    html = report_fragment(document)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>Catering" not in html
    text = pdf_text(render_report_pdf(document))
    assert '<script>alert("x")</script><b>Catering</b>' in text.replace("\n", "")


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("mandate", {"mandate": 99999}, "Name an existing mandate"),
        ("mandate", ["205"], "JSON object"),
        (
            "savings_table",
            {"programme": "No such programme"},
            "There is no savings programme called “No such programme”.",
        ),
        (
            "savings_table",
            {
                "programme": "Harrow Integrated Children's Services – phase 1 savings",
                "years": [2030],
            },
            "2030/31 is outside",
        ),
        (
            "savings_table",
            {"programme": "Harrow Integrated Children's Services – phase 1 savings", "unit": "$"},
            '"unit" is one of',
        ),
        (
            "savings_table",
            {
                "programme": "Harrow Integrated Children's Services – phase 1 savings",
                "authority": "205",
            },
            "takes no part",
        ),
        ("budget_table", {"authority": "315", "start_year": 2011}, "No division budgets"),
        ("capital_programme", {"authority": "205", "years": [2016]}, "No capital budgets"),
        (
            "contracts_register",
            {"authority": "999", "year": 2011},
            "There is no authority with DfE LA number “999”.",
        ),
    ],
)
def test_an_appendix_with_bad_parameters_is_refused_with_a_reason(seeded, kind, params, message):
    report = make_report(seeded.authority)
    appendix = Appendix(report=report, position=1, title="Bad", kind=kind, params=params)
    with pytest.raises(ValidationError) as caught:
        appendix.full_clean()
    assert message in " ".join(caught.value.messages)


def test_every_block_the_demo_reports_use_is_registered():
    for name in [
        "mandate",
        "savings_table",
        "restructure_table",
        "contracts_register",
        "milestones",
        "assets",
        "success_measures",
        "budget_table",
        "savings_targets",
        "capital_programme",
        "ofsted_judgements",
    ]:
        assert blocks.is_registered(name), name


def test_the_clerks_preview_shows_the_live_mandate_without_queries_per_row(
    seeded, login, django_assert_max_num_queries
):
    from tests.conftest import make_user

    report = make_report(seeded.authority)
    Appendix.objects.create(
        report=report, position=1, title="Mandate", kind="mandate", params={"mandate": seeded.pk}
    )
    client = login(make_user("clerk_preview", "clerk", [seeded.authority]))
    url = reverse("reports:detail", args=[report.pk])
    with django_assert_max_num_queries(60):
        page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Exclude DSG savings" in body and "(620)" in body and "19,365" in body
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]

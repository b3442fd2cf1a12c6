"""One account of each saving (issue 18, part 1): the H&F mandate's savings restate H&F's share
of the Tri-borough business case, so every total counts them once, on one basis, chosen by the
one rule in ``savings.basis``; the data-quality page sets the two accounts side by side."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from childrens_services.permissions import OFFICER, SCRUTINY, linkable
from dashboards import figures
from dashboards.pickers import scope_choices
from dashboards.scope import Scope, resolve_scope
from governance.models import Authority, Partnership
from savings import basis as basis_rule
from savings.basis import Basis, Overlap, SetAside
from savings.models import ProgrammeOverlap, SavingsLine, SavingsProfile
from tests.api.helpers import client_for
from tests.conftest import make_user
from tests.downloads import read_csv

YEAR = 2014  # 2014/15, the one year the business case gives
ON = dt.date(2014, 4, 1)
RESTATES, SUPERSEDES = ProgrammeOverlap.Kind.RESTATES, ProgrammeOverlap.Kind.SUPERSEDES


# The rule on plain values: no database --------------------------------------------------------


def test_agreed_sets_the_restatement_aside_and_restated_the_original():
    overlap = Overlap(later=2, earlier=1, kind=RESTATES, authorities=frozenset({205}))
    assert basis_rule.set_aside([overlap], Basis.AGREED) == [SetAside(2, frozenset({205}), 1)]
    assert basis_rule.set_aside([overlap], Basis.RESTATED) == [SetAside(1, frozenset({205}), 2)]


def test_a_superseded_account_never_counts_whatever_the_basis():
    overlap = Overlap(later=2, earlier=1, kind=SUPERSEDES, authorities=frozenset({205}))
    for basis in Basis:
        assert basis_rule.set_aside([overlap], basis) == [SetAside(1, frozenset({205}), 2)]


def test_only_the_shared_authorities_cells_are_set_aside():
    aside = basis_rule.set_aside(
        [Overlap(later=2, earlier=1, kind=RESTATES, authorities=frozenset({205}))], Basis.RESTATED
    )
    assert not basis_rule.counts(1, 205, aside)
    assert basis_rule.counts(1, 207, aside)  # RBKC's business-case figures still count
    assert basis_rule.counts(2, 205, aside)


def test_a_chain_of_restatements_leaves_one_account_standing():
    shared = frozenset({205})
    chain = [
        Overlap(later=2, earlier=1, kind=RESTATES, authorities=shared),
        Overlap(later=3, earlier=2, kind=RESTATES, authorities=shared),
    ]
    for basis, standing in ((Basis.AGREED, 1), (Basis.RESTATED, 3)):
        aside = basis_rule.set_aside(chain, basis)
        assert [p for p in (1, 2, 3) if basis_rule.counts(p, 205, aside)] == [standing]


def test_the_basis_is_read_from_the_query_with_agreed_the_default():
    assert basis_rule.parse("") is basis_rule.parse(None) is Basis.AGREED == basis_rule.DEFAULT
    assert basis_rule.parse("restated") is Basis.RESTATED
    with pytest.raises(basis_rule.UnknownBasis, match="is not a basis"):
        basis_rule.parse("both")


def test_a_year_only_one_paper_gives_is_missing_not_nought():
    differences = basis_rule.compare_accounts(
        {("H&F", 2014): Decimal(5307000)},
        {("H&F", 2013): Decimal(4283000), ("H&F", 2014): Decimal(5297000)},
    )
    assert [(d.year, d.earlier, d.later, d.difference) for d in differences] == [
        (2013, None, Decimal(4283000), None),
        (2014, Decimal(5307000), Decimal(5297000), Decimal(-10000)),
    ]


# The seed papers --------------------------------------------------------------------------


@pytest.fixture
def scrutiny(seeded):
    return make_user("basis_scrutiny", SCRUTINY, is_staff=False)


def tri_scope(user):
    return resolve_scope("Tri-borough", scope_choices(user))


def business_case_2014(seeded) -> dict[str, Decimal]:
    """The business case's per-borough 2014/15 totals, added up here from its own cells."""
    totals: dict[str, Decimal] = {}
    for cell in SavingsProfile.objects.filter(line__programme=seeded["tri"], year=YEAR):
        name = cell.authority.short_name
        totals[name] = totals.get(name, Decimal(0)) + cell.amount
    return totals


def page_totals(user, scope, basis=basis_rule.DEFAULT) -> figures.SavingsTotals:
    counting = basis_rule.counting(user, basis)
    lines = figures.scoped_savings_lines(SavingsLine.objects.all(), user, scope, counting)
    return figures.savings_totals(user, scope, YEAR, lines, counting)


def test_the_seed_papers_record_the_hf_mandate_as_restating_the_business_case(seeded):
    overlap = ProgrammeOverlap.objects.get()
    assert (overlap.programme, overlap.earlier, overlap.kind) == (
        seeded["hf"],
        seeded["tri"],
        RESTATES,
    )
    assert [a.short_name for a in overlap.shared_authorities()] == ["H&F"]


def test_the_triborough_2014_15_total_is_the_business_case_counted_once(seeded, scrutiny):
    case = business_case_2014(seeded)
    assert case == {
        "H&F": Decimal("5307000.00"),
        "RBKC": Decimal("4002000.00"),
        "WCC": Decimal("2508000.00"),
    }
    totals = page_totals(scrutiny, tri_scope(scrutiny))
    assert totals.by_year[YEAR] == sum(case.values()) == Decimal("11817000.00")
    by_authority = dict(totals.groupings[2][2])
    assert {name: values[totals.years.index(YEAR)] for name, values in by_authority.items()} == case
    assert totals.years == [YEAR]  # the restatement's 2011/12 to 2013/14 are set aside too
    assert totals.programmes == [seeded["tri"].name]
    overview = figures.overview(scrutiny, tri_scope(scrutiny), YEAR, ON, ON)
    assert overview.savings.total.planned == Decimal("11817000.00")


def test_counted_as_restated_hf_comes_from_its_mandate_year_by_year(seeded, scrutiny):
    totals = page_totals(scrutiny, tri_scope(scrutiny), Basis.RESTATED)
    case = business_case_2014(seeded)
    assert totals.by_year[YEAR] == Decimal("5297000.00") + case["RBKC"] + case["WCC"]
    assert totals.by_year[YEAR] == Decimal("11807000.00")
    assert totals.by_year[2011] == Decimal("1075000.00")  # the mandate's own 2011/12
    assert totals.programmes == sorted([seeded["hf"].name, seeded["tri"].name])
    hf = page_totals(scrutiny, resolve_scope("205", scope_choices(scrutiny)), Basis.RESTATED)
    assert hf.programmes == [seeded["hf"].name]
    assert hf.by_year[YEAR] == Decimal("5297000.00")


def test_the_savings_page_says_its_basis_and_switches_without_javascript(seeded, scrutiny, login):
    client = login(scrutiny)
    url = reverse("dashboards:savings") + "?scope=Tri-borough&year=2014/15"
    default = client.get(url).content.decode()
    assert "£11,817,000" in default and "£17,114,000" not in default
    assert "£10,604,000" not in default
    assert 'value="agreed" aria-describedby="basis-agreed-hint" checked' in default
    assert "H&amp;F: counted from “Tri-borough Children&#x27;s Services business case”" in default
    assert "(Tri-borough delivery)”, which restates it." in default
    assert "These totals add up 1 programme: “Tri-borough Children&#x27;s" in default
    restated = client.get(url + "&basis=restated").content.decode()
    assert "£11,807,000" in restated and "£11,817,000" not in restated
    assert 'value="restated" aria-describedby="basis-restated-hint" checked' in restated
    assert "“Tri-borough Children&#x27;s Services business case”, which it restates." in restated
    assert "basis=restated" in restated  # the other pages' links keep the choice
    bad = client.get(url + "&basis=both")
    assert bad.status_code == 400
    assert "is not a basis" in bad.content.decode()


def export(client, query: str):
    response = client.get(reverse("dashboards:savings") + query + "&_export=csv")
    assert response.status_code == 200
    return read_csv(response.content)


def test_the_savings_export_lists_and_sums_the_lines_as_the_totals_count(seeded, scrutiny, login):
    client = login(scrutiny)
    hf_mandate = "Social Care – Middle management savings"
    case = "Other middle mgt savings from social care delivery"
    agreed = export(client, "?scope=205&year=2014/15")
    assert agreed.about["Basis"] == "As first agreed"
    assert case in agreed.column("Description") and hf_mandate not in agreed.column("Description")
    restated = export(client, "?scope=205&year=2014/15&basis=restated")
    assert restated.about["Basis"] == "As restated"
    assert hf_mandate in restated.column("Description")
    assert case not in restated.column("Description")
    # RBKC's and WCC's share of a business-case line still counts when H&F's is restated.
    for basis, single_management_team in (("agreed", "1090000"), ("restated", "410000")):
        tri = export(client, f"?scope=Tri-borough&year=2014/15&basis={basis}")
        row = tri.rows[tri.column("Description").index("Single management team")]
        assert row[tri.headings.index("2014/15 (£)")] == single_management_team


def api_totals(user, **params) -> dict:
    response = client_for(user).get("/api/v1/savings-programmes/totals/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_totals_follow_the_same_rule_as_the_page(seeded, scrutiny):
    tri = Partnership.objects.get(short_name="Tri-borough")
    for basis in Basis:
        body = api_totals(scrutiny, partnership=tri.pk, basis=basis.value)
        page = page_totals(scrutiny, tri_scope(scrutiny), basis)
        assert {y["year"]: Decimal(y["amount"]) for y in body["years"]} == page.by_year
        assert body["basis"] == basis.value
        assert sorted(p["name"] for p in body["programmes"]) == page.programmes
    agreed = api_totals(scrutiny, partnership=tri.pk)
    assert agreed["basis"] == "agreed"
    assert agreed["set_aside"] == [
        {
            "programme": {"id": seeded["hf"].pk, "name": seeded["hf"].name},
            "authorities": ["H&F"],
            "counted_instead": {"id": seeded["tri"].pk, "name": seeded["tri"].name},
            "kind": "restates",
        }
    ]
    bad = client_for(scrutiny).get("/api/v1/savings-programmes/totals/", {"basis": "both"})
    assert bad.status_code == 400


def test_every_total_asks_the_one_rule(seeded, scrutiny, login, monkeypatch):
    """With the rule made to know of no overlap, the page, the API and the overview all count
    H&F twice again: none of them decides on its own."""
    monkeypatch.setattr(basis_rule, "counting", lambda user, basis: basis_rule.Counting(basis, []))
    assert page_totals(scrutiny, tri_scope(scrutiny)).by_year[YEAR] == Decimal("17114000.00")
    tri = Partnership.objects.get(short_name="Tri-borough")
    years = api_totals(scrutiny, partnership=tri.pk)["years"]
    assert Decimal(years[-1]["amount"]) == Decimal("17114000.00")
    overview = figures.overview(scrutiny, tri_scope(scrutiny), YEAR, ON, ON)
    assert overview.savings.total.planned == Decimal("17114000.00")


def test_the_data_quality_page_lists_the_restatement_and_its_difference(seeded, scrutiny, login):
    body = login(scrutiny).get(reverse("savings:data_quality")).content.decode()
    assert 'id="overlaps"' in body
    assert "(Tri-borough delivery)” restates “Tri-borough Children&#x27;s Services" in body
    cells = re.findall(r'<th scope="row"[^>]*>H&amp;F</th>((?:<td[^>]*>[^<]*</td>)+)', body)
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in cells]
    assert rows == [
        ["2011/12", "Not in this paper", "£1,075,000", "—"],
        ["2012/13", "Not in this paper", "£1,550,000", "—"],
        ["2013/14", "Not in this paper", "£4,283,000", "—"],
        ["2014/15", "£5,307,000", "£5,297,000", "(£10,000)"],
    ]
    assert "1 of 4 figures below differs" in body


# Officers edit the relation in the admin, within their own scope ------------------------------


def test_an_officer_links_only_a_programme_they_own_to_one_they_may_read(seeded):
    """H&F leads the Tri-borough, so its officers own the business case too; RBKC's officers
    read the business case but neither own it nor read H&F's own programme."""
    hf_officer = make_user("basis_officer_hf", OFFICER, [Authority.objects.get(dfe_code="205")])
    owned = set(linkable(hf_officer, ProgrammeOverlap, "programme"))
    readable = set(linkable(hf_officer, ProgrammeOverlap, "earlier"))
    assert owned == {seeded["hf"], seeded["tri"]}
    assert readable == {seeded["hf"], seeded["tri"]}
    rbkc_officer = make_user("basis_officer_rbkc", OFFICER, [Authority.objects.get(dfe_code="207")])
    assert set(linkable(rbkc_officer, ProgrammeOverlap, "programme")) == set()
    assert set(linkable(rbkc_officer, ProgrammeOverlap, "earlier")) == {seeded["tri"]}


def test_the_admin_refuses_a_link_to_a_programme_the_officer_may_not_read(seeded, login):
    ProgrammeOverlap.objects.all().delete()
    hf_officer = make_user("basis_officer_hf2", OFFICER, [Authority.objects.get(dfe_code="205")])
    client = login(hf_officer)
    url = reverse("admin:savings_programmeoverlap_add")
    form = {"programme": seeded["hf"].pk, "kind": "restates", "note": ""}
    refused = client.post(url, {**form, "earlier": seeded["harrow"].pk})
    assert refused.status_code == 200  # the form again, with the error
    assert not ProgrammeOverlap.objects.exists()
    accepted = client.post(url, {**form, "earlier": seeded["tri"].pk})
    assert accepted.status_code == 302
    assert ProgrammeOverlap.objects.get().earlier == seeded["tri"]


def test_an_overlap_needs_a_shared_authority_and_another_programme(seeded):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="share no authority"):
        ProgrammeOverlap(programme=seeded["harrow"], earlier=seeded["tri"]).full_clean()
    with pytest.raises(ValidationError, match="cannot restate itself"):
        ProgrammeOverlap(programme=seeded["hf"], earlier=seeded["hf"]).full_clean()
    with pytest.raises(ValidationError, match="already recorded as restating this one"):
        ProgrammeOverlap(programme=seeded["tri"], earlier=seeded["hf"]).full_clean()


def test_programmes_nobody_restates_are_counted_as_before(seeded, world_admin):
    harrow = Scope(authority=Authority.objects.get(dfe_code="310"))
    agreed = page_totals(world_admin, harrow).by_year
    assert agreed == page_totals(world_admin, harrow, Basis.RESTATED).by_year
    assert agreed[2013] == Decimal("1259000")  # Harrow's phase 1, in full

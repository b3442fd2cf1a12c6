"""The all-authorities savings page reads and draws each authority's part of its totals on its
own, kept under that authority's generation (issue 20): after an edit in one borough only its
part is read and drawn again, and the page is the page drawn from scratch.

These tests take the production path: their transactions really commit (a transactional test
database, flushed afterwards) and a change is counted by the after-commit hook.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from childrens_services import caching
from commissioning.models import Contract, DeliveryModelSpend
from dashboards import figures, views
from governance.models import Authority, Division
from mandates.models import Asset, MeasureActual, Milestone, SuccessMeasure
from savings.models import SavingsProfile
from tests.dashboards.conftest import YEAR, build

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.on_commit]

PAGES = [
    reverse("dashboards:savings") + f"?year={YEAR}",
    reverse("dashboards:savings") + f"?year={YEAR}&confidence=assured",
]


@pytest.fixture
def dashboards(world):
    build(world)
    return world


def recorded(monkeypatch, module, name: str, what) -> list:
    """Each call of ``module.name`` recorded as ``what(*arguments)``, the call going through."""
    calls: list = []
    real = getattr(module, name)

    def calling(*args):
        calls.append(what(*args))
        return real(*args)

    monkeypatch.setattr(module, name, calling)
    return calls


@pytest.fixture
def asked(monkeypatch) -> list[list[int]]:
    """The authorities whose parts of the savings totals were read, one list per reading."""
    return recorded(monkeypatch, figures, "savings_of_authorities", lambda *args: sorted(args[-1]))


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The names of the totals tables' rows drawn."""
    names: list[str] = []
    draw = views.draw_rows

    def drawing(rows):
        names.extend(name for name, _values in rows)
        return draw(rows)

    monkeypatch.setattr(views, "draw_rows", drawing)
    return names


def _page(client, path: str) -> str:
    """The page's HTML without what differs on every drawing (the chart's and tables'
    generated ids, the form's token)."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"(chart|caption)-[0-9a-f-]{8,}", r"\1-", html)


def test_an_edit_in_one_authority_reads_and_draws_only_its_part(dashboards, client, asked,
                                                                drawn):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    path = PAGES[0]
    _page(client, path)
    every = sorted(Authority.objects.values_list("pk", flat=True))
    assert asked == [every]
    assert {"H&F", "RBKC", "WCC"} <= set(drawn)
    asked.clear()
    drawn.clear()
    contract = Contract.objects.get(authority=world.hf, reference="C-0")
    contract.title = "Fostering framework (renewed)"
    contract.save()
    _page(client, path)
    assert asked == [[world.hf.pk]]
    authorities = set(Authority.objects.values_list("short_name", flat=True))
    assert [name for name in drawn if name in authorities] == ["H&F"]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_after_an_edit_is_the_page_drawn_from_scratch(dashboards, client, path):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, path)
    cell = SavingsProfile.objects.get(authority=world.rbkc, year=YEAR)
    cell.amount = Decimal("123456")
    cell.save()
    Division.objects.create(authority=world.wcc, name="Early help")
    after = _page(client, path)
    assert "£123,456" in after and after != before
    cache.clear()
    assert _page(client, path) == after


def test_inside_a_changing_transaction_every_part_is_read_and_none_kept(dashboards):
    world = dashboards
    ids = [world.hf.pk, world.rbkc.pk]
    asked: list[list[int]] = []

    def compute(missing):
        asked.append(sorted(missing))
        return {pk: f"part {pk}" for pk in missing}

    scrutiny = world.users["scrutiny"]
    with pytest.raises(RuntimeError), transaction.atomic():
        Division.objects.create(authority=world.hf, name="Early help")
        caching.cached_per_authority("test", scrutiny, (), ids, compute)
        raise RuntimeError("the officer cancelled")
    assert asked == [sorted(ids)]
    assert caching.cached_per_authority("test", scrutiny, (), ids, compute) == {
        world.hf.pk: f"part {world.hf.pk}",
        world.rbkc.pk: f"part {world.rbkc.pk}",
    }
    assert asked == [sorted(ids), sorted(ids)]  # nothing was kept inside the transaction


def test_parts_are_kept_in_the_process_until_their_authority_changes(dashboards):
    """Each app process keeps the parts it read (``caching._InProcess``): with the shared cache
    emptied behind its back it computes none again, and after an edit in one borough only that
    borough's."""
    world = dashboards
    ids = [world.hf.pk, world.rbkc.pk]
    asked: list[list[int]] = []

    def compute(missing):
        asked.append(sorted(missing))
        return {pk: [pk] for pk in missing}

    scrutiny = world.users["scrutiny"]
    first = caching.cached_per_authority("test", scrutiny, (), ids, compute)
    cache._cache.clear()  # LocMemCache's store: the shared cache forgets; the process has them
    again = caching.cached_per_authority("test", scrutiny, (), ids, compute)
    assert asked == [sorted(ids)]
    assert again[world.rbkc.pk] is first[world.rbkc.pk]
    Division.objects.create(authority=world.hf, name="Early help")
    caching.cached_per_authority("test", scrutiny, (), ids, compute)
    assert asked == [sorted(ids), [world.hf.pk]]


def test_a_part_is_kept_under_the_key_of_a_figure_reading_that_authority(dashboards):
    world = dashboards
    scrutiny = world.users["scrutiny"]
    kept = caching.cached_figures(
        "test", scrutiny, ("x", world.hf.pk), lambda: "kept", {world.hf.pk}
    )
    found = caching.cached_per_authority(
        "test", scrutiny, ("x",), [world.hf.pk], lambda missing: dict.fromkeys(missing, "again")
    )
    assert found == {world.hf.pk: kept}


def test_a_cache_that_does_not_answer_computes_every_part(dashboards, monkeypatch, caplog):
    world = dashboards
    ids = [world.hf.pk, world.rbkc.pk]

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    with caplog.at_level(logging.WARNING, logger="childrens_services.caching"):
        found = caching.cached_per_authority(
            "test", world.users["scrutiny"], (), ids, lambda missing: {pk: pk for pk in missing}
        )
    assert found == {pk: pk for pk in ids}
    assert "did not answer" in caplog.text


# The commissioning page: every authority in scope compared in one table (153 rows nationally),
# and one authority's or a partnership's members' charts and tables by period.

COMMISSIONING = reverse("dashboards:commissioning")
TRIBOROUGH = COMMISSIONING + "?scope=Tri-borough"


@pytest.fixture
def charted(monkeypatch) -> list[str]:
    """The authorities whose commissioning charts were drawn."""
    return recorded(monkeypatch, views, "share_chart", lambda authority, rows: authority.short_name)


@pytest.fixture
def compared(monkeypatch) -> list[list[int]]:
    """The authorities whose lines of the comparison were drawn, one list per drawing."""
    return recorded(
        monkeypatch, views.CommissioningView, "draw_lines", lambda _view, missing: sorted(missing)
    )


def test_an_edit_in_one_authority_draws_only_its_commissioning_chart(dashboards, client,
                                                                     charted):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, TRIBOROUGH)
    assert sorted(charted) == ["H&F", "RBKC", "WCC"]
    charted.clear()
    spend = DeliveryModelSpend.objects.get(authority=world.rbkc, category="commissioned")
    spend.amount = Decimal("700")
    spend.save()
    after = _page(client, TRIBOROUGH)
    assert charted == ["RBKC"]
    assert "£700" in after and after != before
    cache.clear()
    assert _page(client, TRIBOROUGH) == after
    assert sorted(charted) == ["H&F", "RBKC", "RBKC", "WCC"]


def test_an_edit_in_one_authority_draws_only_its_line_of_the_comparison(
    dashboards, client, compared, charted
):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, COMMISSIONING)
    assert compared == [sorted([world.hf.pk, world.rbkc.pk, world.wcc.pk])]
    assert charted == []  # across all authorities, no chart: each row links to its own
    compared.clear()
    spend = DeliveryModelSpend.objects.get(authority=world.rbkc, category="commissioned")
    spend.amount = Decimal("700")
    spend.save()
    after = _page(client, COMMISSIONING)
    assert compared == [[world.rbkc.pk]]
    assert "£700" in after and after != before
    cache.clear()
    assert _page(client, COMMISSIONING) == after


def test_commissioning_spend_deleted_leaves_its_authority_off_the_page(dashboards, client):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    assert "Westminster</h2>" in _page(client, TRIBOROUGH)
    assert "Westminster<span" in _page(client, COMMISSIONING)
    DeliveryModelSpend.objects.filter(authority=world.wcc).delete()
    after = _page(client, TRIBOROUGH)
    assert "Westminster</h2>" not in after and "Kensington and Chelsea</h2>" in after
    compared = _page(client, COMMISSIONING)
    assert "Westminster<span" not in compared and "Kensington and Chelsea<span" in compared


# The milestones page: a partnership's in a grid of its authorities' divisions by quarter, and
# the overdue; across all authorities, each authority's counted by status in one comparison.

MILESTONES = reverse("dashboards:milestones") + f"?year={YEAR}"
MILESTONES_TRIBOROUGH = MILESTONES + "&scope=Tri-borough"


@pytest.fixture
def gridded(monkeypatch) -> list[list[int]]:
    """The mandates whose milestones were read, one list per reading."""
    return recorded(
        monkeypatch, figures, "milestone_grids", lambda _u, mandates, *_: sorted(mandates)
    )


def test_an_edit_in_one_authority_reads_and_draws_only_its_milestones(dashboards, client,
                                                                       gridded):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, MILESTONES_TRIBOROUGH)
    assert "Overdue from earlier years" in before and "Agree the admissions code" in before
    assert "Milestones by status" in before  # a partnership's: compared, then every milestone
    assert len(gridded) == 2 and all(len(mandates) == 3 for mandates in gridded)
    gridded.clear()
    milestone = Milestone.objects.get(mandate__authority=world.rbkc, year=YEAR)
    milestone.text = "Open the new school in Chelsea"
    milestone.save()
    after = _page(client, MILESTONES_TRIBOROUGH)
    assert gridded == [[milestone.mandate_id]] * 2
    assert "Open the new school in Chelsea" in after and after != before
    cache.clear()
    assert _page(client, MILESTONES_TRIBOROUGH) == after


def _compared_rows(page: str) -> dict[str, list[str]]:
    """The comparison's cells by authority's name."""
    table = page.split("by status", 1)[1].split("</table>", 1)[0]
    return {
        name: re.findall(r'numeric">([^<]*)</td>', row)
        for name, row in re.findall(r'<th scope="row"[^>]*><a[^>]*>([^<]+)<span(.*?)</tr>', table)
    }


def test_across_all_authorities_milestones_are_compared_and_each_links_to_its_own(
    dashboards, client, gridded
):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, MILESTONES)
    assert "Agree the admissions code" not in before and "app-grid" not in before
    rows = _compared_rows(before)
    assert list(rows) == ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]
    in_year = Milestone.objects.filter(mandate__authority=world.rbkc, year=YEAR)
    statuses = [in_year.filter(status=status).count() for status in Milestone.Status.values]
    assert rows["Kensington and Chelsea"][:6] == [str(n) for n in [in_year.count(), *statuses]]
    assert f'href="/dashboards/milestones/?scope={world.rbkc.dfe_code}&amp;year=2012/13"' in before
    gridded.clear()
    milestone = in_year.get()
    milestone.status = "done"
    milestone.save()
    after = _compared_rows(_page(client, MILESTONES))
    assert gridded == [[milestone.mandate_id]]  # only its line is read and drawn again
    assert after["Kensington and Chelsea"] != rows["Kensington and Chelsea"]
    assert after["Westminster"] == rows["Westminster"]
    done = list(Milestone.Status.values).index("done") + 1
    assert after["Kensington and Chelsea"][done] == str(in_year.filter(status="done").count())
    cache.clear()
    assert _compared_rows(_page(client, MILESTONES)) == after


def test_a_milestone_done_leaves_the_overdue_list_in_order(dashboards, client):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    page = MILESTONES_TRIBOROUGH
    listed = re.findall(r"<li>Agree the admissions code[^(]*\((\S+),", _page(client, page))
    assert sorted(listed) == ["H&amp;F", "RBKC", "WCC"]
    Milestone.objects.filter(mandate__authority=world.hf, year=2011).update(status="done")
    Milestone.objects.get(mandate__authority=world.hf, year=2011).save()  # counted, as an edit is
    after = re.findall(r"<li>Agree the admissions code[^(]*\((\S+),", _page(client, page))
    assert after == [name for name in listed if name != "H&amp;F"]
    cache.clear()
    assert re.findall(r"<li>Agree the admissions code[^(]*\((\S+),", _page(client, page)) == after


# The success measures page: a partnership's every measure, each judged; across all authorities
# (some 1,230 nationally) each authority's counted by status in one comparison.

MEASURES = reverse("dashboards:measures")
MEASURES_TRIBOROUGH = MEASURES + "?scope=Tri-borough"


@pytest.fixture
def judged(monkeypatch) -> list[list[int]]:
    """The mandates whose measures were read and judged, one list per reading."""
    return recorded(monkeypatch, figures, "measure_rows", lambda _user, mandates: sorted(mandates))


def test_an_edit_in_one_authority_judges_and_draws_only_its_measures(dashboards, client,
                                                                      judged):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, MEASURES_TRIBOROUGH)
    assert len(judged) == 2 and all(len(mandates) == 3 for mandates in judged)
    judged.clear()
    actual = MeasureActual.objects.get(measure__mandate__authority=world.wcc)
    actual.value = Decimal("12.5")
    actual.save()
    after = _page(client, MEASURES_TRIBOROUGH)
    assert judged == [[actual.measure.mandate_id]] * 2
    assert "12.5" in after and after != before
    names = re.findall(r'<td class="govuk-table__cell">(H&amp;F|RBKC|WCC)</td>', after)
    assert names == sorted(names, key=["H&amp;F", "RBKC", "WCC"].index) and len(names) == 3
    cache.clear()
    assert _page(client, MEASURES_TRIBOROUGH) == after


def test_across_all_authorities_measures_are_compared_by_status(dashboards, client, judged):
    world = dashboards
    client.force_login(world.users["scrutiny"])
    page = _page(client, MEASURES)
    assert "app-rag app-rag--" not in page.split("</caption>", 1)[1]  # no measure's row
    rows = _compared_rows(page)
    assert list(rows) == ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]
    for authority in (world.hf, world.rbkc, world.wcc):
        # Counted as the authority's own page shows each measure's status.
        shown = _page(client, f"{MEASURES}?scope={authority.dfe_code}").split("</caption>", 1)[1]
        counts = [shown.count(f"app-rag app-rag--{rag}") for rag in figures.RAG_ORDER]
        assert rows[authority.name] == [str(n) for n in [sum(counts), *counts]]
        assert sum(counts) > 0
    assert f'href="/dashboards/measures/?scope={world.wcc.dfe_code}"' in page
    judged.clear()
    actual = MeasureActual.objects.get(measure__mandate__authority=world.wcc)
    actual.value = Decimal("12.5")
    actual.save()
    assert (
        _compared_rows(_page(client, MEASURES))["Hammersmith and Fulham"]
        == rows["Hammersmith and Fulham"]
    )
    assert judged == [[actual.measure.mandate_id]]


def test_the_overview_judges_again_only_the_edited_authoritys_measures(dashboards, client,
                                                                       judged):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    overview = reverse("dashboards:overview") + f"?year={YEAR}"
    before = _page(client, overview)
    assert len(judged) == 1 and len(judged[0]) == 3
    judged.clear()
    actual = MeasureActual.objects.get(measure__mandate__authority=world.hf)
    actual.value = Decimal("1")  # far below its target: now red
    actual.save()
    after = _page(client, overview)
    assert judged == [[actual.measure.mandate_id]]
    assert after != before
    cache.clear()
    assert _page(client, overview) == after


# The table pages count their rows per owner (``figures.count_per_owner``).


@pytest.fixture
def counted(monkeypatch) -> list[list]:
    """The owners whose rows were counted, one list per count of the database."""
    asked: list[list] = []
    real = caching.cached_per_part

    def counting(name, user, parts, readers, compute):
        def recording(missing):
            if name == "rows-of-owner":
                asked.append(sorted(missing))
            return compute(missing)

        return real(name, user, parts, readers, recording)

    monkeypatch.setattr(figures, "cached_per_part", counting)
    return asked


def test_rows_counted_per_owner_are_the_rows_counted_whole_after_edits(dashboards, counted):
    from dashboards.scope import Scope
    from savings.models import SavingsLine, SavingsProgramme

    world = dashboards
    scrutiny = world.users["scrutiny"]
    own = SavingsProgramme.objects.create(
        authority=world.rbkc, name="RBKC own", first_year=2011, last_year=2014
    )
    SavingsLine.objects.create(programme=own, description="Libraries", confidence="assured")
    lines = SavingsLine.objects.all()
    queries = {
        "every line": lines,
        "assured": lines.filter(confidence="assured"),
        "H&F's (its partnership's)": figures.scoped_savings_lines(
            lines, scrutiny, Scope(authority=world.hf)
        ),
        "contracts": Contract.objects.all(),
    }

    def counts() -> dict[str, tuple[int, int]]:
        return {
            name: (
                figures.count_per_owner(
                    scrutiny, rows, "" if name == "contracts" else "programme__"
                ),
                rows.count(),
            )
            for name, rows in queries.items()
        }

    first = counts()
    assert all(per_owner == whole for per_owner, whole in first.values()), first
    assert first["every line"][1] == 4 and first["contracts"][1] == 6
    assert len(counted) == 4  # every owner counted once per query, nothing kept yet
    counted.clear()
    assert counts() == first and counted == []  # all kept
    # RBKC's own programme gains a line and one of its contracts goes.
    SavingsLine.objects.create(programme=own, description="Parks", confidence="at_risk")
    Contract.objects.filter(authority=world.rbkc).first().delete()
    after = counts()
    assert all(per_owner == whole for per_owner, whole in after.values()), after
    assert after["every line"][1] == 5 and after["contracts"][1] == 5
    rbkc = [("authority", world.rbkc.pk), ("partnership", world.triborough.pk)]
    assert counted == [rbkc] * 4  # only the parts RBKC reads were counted again


# The renewals page: each listed contract's row kept drawn under its owner's generations.

RENEWALS = reverse("dashboards:renewals") + "?on=2012-04-01&months=12"


@pytest.mark.parametrize("username", ["scrutiny", "officer_rbkc"])
def test_an_edit_in_one_authority_draws_only_its_renewal_rows(dashboards, client, monkeypatch,
                                                              username):  # fmt: skip
    world = dashboards
    drew = recorded(monkeypatch, views.RenewalsView, "draw_rows", lambda view, ids: sorted(ids))
    client.force_login(world.users[username])
    before = _page(client, RENEWALS)
    listed = Contract.objects.filter(reference="C-0")
    if username == "scrutiny":
        assert drew == [sorted(listed.values_list("pk", flat=True))]
    drew.clear()
    contract = listed.get(authority=world.rbkc)
    contract.title = "Fostering framework (re-let)"
    contract.save()
    after = _page(client, RENEWALS)
    assert drew == [[contract.pk]]  # the other boroughs' rows were kept
    assert "Fostering framework (re-let)" in after and after != before
    assert after.count('<tr class="govuk-table__row">') == before.count(
        '<tr class="govuk-table__row">'
    )
    cache.clear()
    assert _page(client, RENEWALS) == after


OVERVIEWS = [
    reverse("dashboards:overview") + f"?year={YEAR}",
    reverse("dashboards:overview") + f"?year={YEAR}&scope=Tri-borough",
]


@pytest.fixture
def overview_read(monkeypatch) -> list[list]:
    """The owners whose parts of the overview were read, one list per reading."""
    return recorded(monkeypatch, figures, "_overview_parts", lambda *args: sorted(args[-1]))


def test_an_edit_in_one_authority_reads_only_its_overview_part(dashboards, client,
                                                               overview_read):  # fmt: skip
    world = dashboards
    client.force_login(world.users["scrutiny"])
    _page(client, OVERVIEWS[0])
    owners = {("authority", pk) for pk in Authority.objects.values_list("pk", flat=True)}
    assert len(overview_read) == 1 and owners <= set(overview_read[0])
    overview_read.clear()
    contract = Contract.objects.get(authority=world.hf, reference="C-0")
    contract.total_value = Decimal("750000")
    contract.save()
    assert "£1,750,000" in _page(client, OVERVIEWS[0])  # 750,000 + RBKC's and WCC's 500,000
    # H&F's part, and the Tri-borough partnership's, whose records count against its members.
    assert overview_read == [[("authority", world.hf.pk), ("partnership", world.triborough.pk)]]


@pytest.mark.parametrize("path", OVERVIEWS)
def test_the_overview_after_edits_is_the_overview_drawn_from_scratch(dashboards, client, path):
    """Edits of every figure the overview adds up, in three boroughs: a contract's end moved
    out of the year, a milestone done, an asset's receipt recorded, a savings cell changed,
    and an asset deleted; the page put together from the parts kept and those read again is
    the page read with nothing kept."""
    world = dashboards
    client.force_login(world.users["scrutiny"])
    before = _page(client, path)
    contract = Contract.objects.get(authority=world.rbkc, reference="C-0")
    contract.end_date = dt.date(2014, 3, 31)
    contract.save()
    milestone = Milestone.objects.get(mandate__authority=world.hf, year=2011)
    milestone.status = "done"
    milestone.save()
    asset = Asset.objects.get(mandate__authority=world.wcc, name="Town hall annexe 0")
    asset.actual_receipt = Decimal("260000")
    asset.save()
    cell = SavingsProfile.objects.get(authority=world.wcc, year=YEAR)
    cell.amount = Decimal("80000")
    cell.save()
    Asset.objects.get(mandate__authority=world.hf, name="Old depot 0").delete()
    after = _page(client, path)
    assert after != before
    assert "£1,000,000" in after  # two contracts of 500,000 renew in the year, not three
    cache.clear()
    assert _page(client, path) == after


@pytest.fixture
def lines_drawn(monkeypatch) -> list[int]:
    """How many of a table's rows were drawn, one number per drawing of rows kept apart."""
    return recorded(monkeypatch, views, "rows_drawn", lambda _context, _table, rows: len(rows))


def test_the_savings_lines_rows_are_drawn_again_only_for_the_owner_edited(dashboards, client,
                                                                          lines_drawn):  # fmt: skip
    world = dashboards
    division = Division.objects.create(authority=world.harrow, name="Early help")
    client.force_login(world.users["scrutiny"])
    path = reverse("dashboards:savings") + f"?year={YEAR}"
    before = _page(client, path)
    assert lines_drawn == [3]  # the Tri-borough programme's three lines
    lines_drawn.clear()
    # An edit in an authority outside the Tri-borough: the lines' rows are kept.
    division.name = "Early help and prevention"
    division.save()
    assert _page(client, path) == before
    assert lines_drawn == []
    # A cell of RBKC's, a member: the programme's lines are drawn again, with the new amount.
    cell = SavingsProfile.objects.get(authority=world.rbkc, year=YEAR)
    cell.amount = Decimal("123456")
    cell.save()
    after = _page(client, path)
    assert lines_drawn == [3]
    assert after != before
    cache.clear()
    assert _page(client, path) == after


def test_a_year_first_recorded_redraws_every_row_with_its_column(dashboards, client):
    """Another borough's first amount in a year adds the year's column to every line's row."""
    world = dashboards
    client.force_login(world.users["scrutiny"])
    path = reverse("dashboards:savings") + f"?year={YEAR}"
    before = _page(client, path)
    cell = SavingsProfile.objects.get(authority=world.wcc, year=YEAR)
    SavingsProfile.objects.create(
        line=cell.line, authority=world.wcc, year=YEAR + 1, amount=Decimal("5000")
    )
    after = _page(client, path)
    header = '<th scope="col" class="govuk-table__header govuk-table__header--numeric'
    assert after.count(header) > before.count(header)  # the year in every table, lines too
    cache.clear()
    assert _page(client, path) == after


def test_where_one_authority_has_measures_its_measures_are_shown_not_compared(dashboards, client):
    """As on the demo, whose second mandate has no measures: a comparison of one authority
    would be no use, so across all authorities the one with measures shows each of them."""
    world = dashboards
    client.force_login(world.users["scrutiny"])
    SuccessMeasure.objects.exclude(mandate__authority=world.hf).delete()
    page = _page(client, MEASURES)
    assert "Success measures by status" not in page
    assert (
        re.findall(r'<td class="govuk-table__cell">(H&amp;F|RBKC|WCC)</td>', page)[0] == "H&amp;F"
    )
    Milestone.objects.exclude(mandate__authority=world.hf).delete()
    milestones = _page(client, MILESTONES)
    assert "Milestones by status" not in milestones and "app-grid" in milestones

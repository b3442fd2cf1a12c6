"""Synthetic records at national scale, for measuring the app as every English council would use it.

The demo data is five boroughs and one year of papers; the performance budgets in
``docs/performance.md`` are about 153 authorities and ten years. This module writes that volume
through the real models (so every constraint and index is exercised), deterministically from a
seed (so two benchmark runs measure the same rows), and quickly: rows are built in memory per
authority and written with ``bulk_create`` in batches, with their audit history where the models
keep one (``bulk_create_with_history``), because a real system of that age would have it.

Generated records are marked (``GENERATED_SOURCE`` on savings programmes) so a second run can
refuse rather than double the data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from childrens_services import financial_years
from childrens_services.caching import records_changed
from commissioning.models import Contract, ContractForecast, DeliveryModelSpend, Provider
from governance.models import (
    AgendaItem,
    Authority,
    Committee,
    CommitteeReport,
    Division,
    Implication,
    Meeting,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    PerformanceArrangement,
    Risk,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)
from savings import summaries
from savings.models import DeliveryRecord, SavingsLine, SavingsProfile, SavingsProgramme

GENERATED_SOURCE = "generate_scale_data"
BATCH_SIZE = 2000
HISTORY_REASON = "Generated for scale testing"

DIVISIONS = ["Education", "Family Support Programme", "Health Integration", "Social Care", "Other"]
SERVICES = [
    "Safeguarding",
    "Looked after children",
    "Fostering and adoption",
    "Youth Offending Service",
    "Early help",
    "Children's centres",
    "SEN transport",
    "School improvement",
    "Special educational needs",
    "Youth service",
    "Leaving care",
    "Family support",
]
SAVING_VERBS = [
    "Reduce reliance on agency social workers in",
    "Recommission placements for",
    "Merge management tiers of",
    "Digitise referrals into",
    "Share a single team with a neighbour for",
    "Renegotiate provider rates for",
    "Reduce residential placements in",
    "Integrate with health commissioning for",
]
PROVIDER_WORDS = [
    "Acorn",
    "Beacon",
    "Brightside",
    "Cedar",
    "Compass",
    "Harbour",
    "Horizon",
    "Kestrel",
    "Lighthouse",
    "Meadow",
    "Northstar",
    "Oakwood",
    "Pathway",
    "Riverside",
    "Rowan",
    "Sycamore",
    "Willow",
    "Yew Tree",
]
PROVIDER_SUFFIXES = ["Care Ltd", "Fostering", "Children's Trust", "Education CIC", "Homes Ltd"]
PROVIDER_KINDS = ["private", "voluntary", "social_enterprise", "school", "other"]
CONTRACT_KINDS = ["placements", "support", "services", "framework"]
INTENTIONS = ["tri_borough", "renewal", "commission_out", "no_change", "no_contract"]
PROCUREMENT = ["Open tender", "Framework call-off", "Restricted tender", "Direct award", "Spot"]
MEASURES = [
    ("Safety", "Re-referrals to children's social care within 12 months", "percent", "lower"),
    ("Safety", "Children subject to a child protection plan", "rate_10k", "lower"),
    ("Care", "Children looked after", "rate_10k", "lower"),
    ("Care", "Placement stability: three or more placements in a year", "percent", "lower"),
    ("Education", "Pupils achieving expected standard at KS2", "percent", "higher"),
    ("Education", "Young people not in education, employment or training", "percent", "lower"),
    ("Early help", "Families supported by early help", "count", "higher"),
    ("Health", "Care leavers in suitable accommodation", "percent", "higher"),
]
ASSET_STATUSES = ["under_review", "negotiating", "bids", "sold", "vacant", "released"]
ASSET_LISTS = ["realisation", "change_of_use", "office"]
MILESTONE_STATUSES = ["not_started", "on_track", "at_risk", "done", "slipped"]
LEVELS = ["low", "medium", "high"]
THOUSAND = Decimal(1000)


@dataclass
class Sizes:
    """How much to generate per authority and year (the issue's "about" figures)."""

    savings_lines_per_year: int = 100
    contracts_per_authority: int = 500
    meetings_per_committee_per_year: int = 4
    providers: int = 1500


@dataclass
class Tally:
    """Rows written per model, for the progress lines and the final summary."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, model: type[models.Model], n: int) -> None:
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Writer:
    """Writes lists of unsaved records in batches, with history for models that keep it."""

    def __init__(self, tally: Tally, history_date: dt.datetime) -> None:
        self.tally = tally
        self.history_date = history_date

    def write(self, model: type[models.Model], objs: list) -> list:
        if not objs:
            return objs
        if hasattr(model, "history"):
            saved = bulk_create_with_history(
                objs,
                model,
                batch_size=BATCH_SIZE,
                default_change_reason=HISTORY_REASON,
                default_date=self.history_date,
            )
        else:
            saved = model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self.tally.add(model, len(objs))
        return saved


def money(rng: random.Random, low: int, high: int, step: int = 1000) -> Decimal:
    """A whole number of pounds between ``low`` and ``high``, rounded to ``step``."""
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def already_generated() -> bool:
    return SavingsProgramme.objects.filter(source=GENERATED_SOURCE).exists()


def target_authorities(count: int) -> list[Authority]:
    """The first ``count`` authorities (by DfE code) with no mandate yet.

    Authorities holding the demo papers' records are left alone: generated mandates would
    overlap theirs, and the demo must stay as the papers describe it.
    """
    return list(
        Authority.objects.filter(mandates__isnull=True).distinct().order_by("dfe_code")[:count]
    )


def make_providers(rng: random.Random, writer: Writer, count: int) -> list[Provider]:
    providers = []
    for n in range(count):
        name = (
            f"{rng.choice(PROVIDER_WORDS)} {rng.choice(PROVIDER_WORDS)} "
            f"{rng.choice(PROVIDER_SUFFIXES)} ({n + 1:04d})"
        )
        providers.append(
            Provider(
                name=name,
                kind=rng.choice(PROVIDER_KINDS),
                companies_house_number=f"{rng.randrange(10**7):08d}",
                is_sme=rng.random() < 0.6,
                is_vcse=rng.random() < 0.3,
            )
        )
    return writer.write(Provider, providers)


def generate(
    *,
    authorities: int,
    years: int,
    seed: int,
    last_year: int = 2026,
    sizes: Sizes | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> Tally:
    """Fill the database; returns the rows written per model.

    Every random choice comes from one ``random.Random(seed)`` consumed in a fixed order
    (authorities by DfE code, then years ascending), so the same arguments on the same
    starting data write the same rows.
    """
    sizes = sizes or Sizes()
    rng = random.Random(seed)
    tally = Tally()
    writer = Writer(tally, dt.datetime(last_year, 4, 1, tzinfo=dt.UTC))
    first_year = last_year - years + 1
    targets = target_authorities(authorities)
    started = time.monotonic()
    with transaction.atomic():
        providers = make_providers(rng, writer, sizes.providers)
    for index, authority in enumerate(targets, start=1):
        with transaction.atomic():
            generate_authority(
                rng, writer, authority, range(first_year, last_year + 1), sizes, providers
            )
            records_changed()  # bulk_create sends no signals: cached figures must be redrawn
        elapsed = time.monotonic() - started
        done = index / len(targets)
        bar = "#" * int(done * 30)
        progress(
            f"[{bar:<30}] {index}/{len(targets)} {authority.name}: "
            f"{tally.total:,} rows, {elapsed:.0f} s"
        )
    analyse()
    return tally


def analyse() -> None:
    """Refresh the database's statistics after a bulk load: until autovacuum gets to it,
    Postgres plans the new tables as if nearly empty (a renewals query took 1.4 s with stale
    statistics, 57 ms after ``ANALYZE``). SQLite's ``ANALYZE`` does the same for its planner."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate_authority(
    rng: random.Random,
    writer: Writer,
    authority: Authority,
    years: Iterable[int],
    sizes: Sizes,
    providers: list[Provider],
) -> None:
    years = list(years)
    divisions = ensure_divisions(writer, authority)
    generate_governance(rng, writer, authority, years, sizes)
    generate_mandates(rng, writer, authority, years, divisions)
    generate_savings(rng, writer, authority, years, sizes)
    generate_contracts(rng, writer, authority, years, sizes, providers)
    spend = []
    for year in years:
        for category in ("commissioned", "direct"):
            spend.append(
                DeliveryModelSpend(
                    authority=authority,
                    start_year=year,
                    end_year=year,
                    category=category,
                    amount=money(rng, 5_000_000, 60_000_000, 100_000),
                )
            )
    writer.write(DeliveryModelSpend, spend)


def ensure_divisions(writer: Writer, authority: Authority) -> list[Division]:
    existing = {d.name: d for d in Division.objects.filter(authority=authority)}
    missing = [Division(authority=authority, name=n) for n in DIVISIONS if n not in existing]
    writer.write(Division, missing)
    existing.update({d.name: d for d in missing})
    return [existing[n] for n in DIVISIONS]


def generate_governance(
    rng: random.Random, writer: Writer, authority: Authority, years: list[int], sizes: Sizes
) -> None:
    """Two committees, their meetings each quarter, agenda items, and a report per meeting."""
    names = {c.name for c in Committee.objects.filter(authority=authority)}
    committees = [
        Committee(
            authority=authority,
            name=name,
            short_name=short,
            kind=kind,
            remit=f"{name} of {authority.name}.",
        )
        for name, short, kind in [
            ("Children and Young People Scrutiny Committee", "CYP", "scrutiny"),
            ("Cabinet", "Cabinet", "cabinet"),
        ]
        if name not in names
    ]
    writer.write(Committee, committees)
    meetings = []
    for committee in committees:
        for year in years:
            for quarter in range(sizes.meetings_per_committee_per_year):
                day = dt.date(year, 4, 1) + dt.timedelta(days=91 * quarter + rng.randrange(60))
                meetings.append(
                    Meeting(
                        committee=committee,
                        date=day,
                        start_time=dt.time(19, 0),
                        venue="Town Hall",
                        status="held" if year < years[-1] else "scheduled",
                    )
                )
    writer.write(Meeting, meetings)
    items = []
    reports = []
    for meeting in meetings:
        titles = ["Minutes of the previous meeting", "Budget monitoring", "Performance report"]
        meeting_items = [
            AgendaItem(meeting=meeting, number=n, title=t) for n, t in enumerate(titles, start=1)
        ]
        items.extend(meeting_items)
    writer.write(AgendaItem, items)
    for item in items:
        if item.number != 3:
            continue
        reports.append(
            CommitteeReport(
                meeting=item.meeting,
                agenda_item=item,
                title=f"Children's services performance, {item.meeting.date:%B %Y}",
                report_of="Director of Children's Services",
                author_name="Performance Manager",
                author_role="Head of Performance",
                author_email="performance@example.gov.uk",
                accountable_director="Director of Children's Services",
                synopsis="Performance against the mandate's success measures this quarter.",
                key_decision=rng.random() < 0.2,
            )
        )
    writer.write(CommitteeReport, reports)
    sections, recommendations, implications, clearances = [], [], [], []
    for report in reports:
        for position in range(1, 4):
            sections.append(
                ReportSection(
                    report=report,
                    position=position,
                    heading=["Background", "Performance", "Next steps"][position - 1],
                    body="The measures are on track except where the appendix shows red. " * 3,
                )
            )
        recommendations.append(
            Recommendation(report=report, position=1, text="To note the report.")
        )
        for position, kind in enumerate(["financial", "legal", "equality", "risk"], start=1):
            implications.append(
                Implication(
                    report=report,
                    position=position,
                    kind=kind,
                    heading=f"{kind.title()} implications",
                    body="None arising from this report.",
                )
            )
        clearances.append(
            StatutoryClearance(
                report=report,
                position=1,
                name="Chief Finance Officer",
                role="Section 151 officer",
                date=report.meeting.date - dt.timedelta(days=14),
            )
        )
    writer.write(ReportSection, sections)
    writer.write(Recommendation, recommendations)
    writer.write(Implication, implications)
    writer.write(StatutoryClearance, clearances)


def generate_mandates(
    rng: random.Random,
    writer: Writer,
    authority: Authority,
    years: list[int],
    divisions: list[Division],
) -> list[Mandate]:
    """One mandate a year, each rolled forward from the last, with every section filled."""
    mandates: list[Mandate] = []
    previous = None
    for year in years:
        mandate = Mandate(
            authority=authority,
            title=f"{authority.name} mandate for children's services {financial_years.label(year)}",
            start_year=year,
            end_year=year + 3,
            vision="Every child safe, healthy and achieving.",
            introduction="This mandate sets out the service's priorities and savings.",
            workforce="Stable, permanent social work teams with manageable caseloads.",
            status="published" if year < years[-1] else "draft",
            previous_mandate=previous,
        )
        # Each mandate points at the last, so they are written one at a time (ten per authority).
        writer.write(Mandate, [mandate])
        mandates.append(mandate)
        previous = mandate
    facts, priorities, objectives, arrangements, risks, duties = [], [], [], [], [], []
    assets, measures, milestones = [], [], []
    for mandate in mandates:
        y = mandate.start_year
        for position, (label, unit) in enumerate(
            [
                ("Children in the borough", "children"),
                ("Children looked after", "children"),
                ("Children subject to a child protection plan", "children"),
                ("Schools", "schools"),
                ("Gross budget", "£m"),
                ("Staff", "FTE"),
            ],
            start=1,
        ):
            facts.append(
                KeyFact(
                    mandate=mandate,
                    area="background",
                    position=position,
                    label=label,
                    value=Decimal(rng.randrange(50, 60000)),
                    unit=unit,
                    as_at=dt.date(y, 3, 31),
                    source="Local authority interactive tool",
                )
            )
        for n in range(1, 5):
            priorities.append(
                StrategicPriority(mandate=mandate, number=n, text=f"Strategic priority {n}")
            )
        for position, area in enumerate(
            ["social_care", "early_intervention", "education"] * 2, start=1
        ):
            objectives.append(
                Objective(
                    mandate=mandate,
                    area=area,
                    position=position,
                    text=f"Objective {position} for {area.replace('_', ' ')}.",
                )
            )
        for position in range(1, 4):
            arrangements.append(
                PerformanceArrangement(
                    mandate=mandate, position=position, text="Quarterly performance clinic."
                )
            )
        for position in range(1, 6):
            risks.append(
                Risk(
                    mandate=mandate,
                    position=position,
                    description=f"Risk {position}: demand for placements exceeds budget.",
                    likelihood=rng.choice(LEVELS),
                    impact=rng.choice(LEVELS),
                    mitigation="Monthly monitoring by the senior management team.",
                    owner="Director of Children's Services",
                )
            )
        for position in range(1, 3):
            duties.append(
                StatutoryResponsibility(
                    mandate=mandate, position=position, text="Children Act 1989 duties."
                )
            )
        for position in range(1, 7):
            expected = money(rng, 100_000, 5_000_000)
            status = rng.choice(ASSET_STATUSES)
            assets.append(
                Asset(
                    mandate=mandate,
                    asset_list=rng.choice(ASSET_LISTS),
                    position=position,
                    name=f"{rng.choice(PROVIDER_WORDS)} House",
                    status=status,
                    expected_receipt=expected,
                    actual_receipt=expected if status == "sold" else None,
                    running_cost_saving=money(rng, 0, 200_000),
                )
            )
        for position, (theme, indicator, unit, polarity) in enumerate(MEASURES, start=1):
            baseline = Decimal(rng.randrange(50, 900)) / 10
            measures.append(
                SuccessMeasure(
                    mandate=mandate,
                    position=position,
                    theme=theme,
                    indicator=indicator,
                    unit=unit,
                    polarity=polarity,
                    baseline_value=baseline,
                    baseline_period=financial_years.label(y - 1),
                    comparator="statistical_neighbours",
                    comparator_value=baseline + Decimal(rng.randrange(-50, 50)) / 10,
                    target_kind="value",
                    target_value=baseline + Decimal(rng.randrange(-50, 50)) / 10,
                    target_date=dt.date(y + 1, 3, 31),
                )
            )
        for position in range(1, 13):
            milestones.append(
                Milestone(
                    mandate=mandate,
                    division=divisions[position % len(divisions)],
                    year=y,
                    quarter=(position - 1) % 4 + 1,
                    position=position,
                    text=f"Milestone {position}: complete the review of the service.",
                    scope="borough",
                    status=rng.choice(MILESTONE_STATUSES),
                )
            )
    writer.write(KeyFact, facts)
    writer.write(StrategicPriority, priorities)
    writer.write(Objective, objectives)
    writer.write(PerformanceArrangement, arrangements)
    writer.write(Risk, risks)
    writer.write(StatutoryResponsibility, duties)
    writer.write(Asset, assets)
    writer.write(SuccessMeasure, measures)
    writer.write(Milestone, milestones)
    actuals = []
    for measure in measures:
        y = measure.mandate.start_year
        for quarter in range(1, 5):
            actuals.append(
                MeasureActual(
                    measure=measure,
                    period=f"{financial_years.label(y)} Q{quarter}",
                    as_at=financial_years.quarter_end(y, quarter),
                    value=measure.baseline_value + Decimal(rng.randrange(-80, 80)) / 10,
                    comparator_value=measure.comparator_value,
                )
            )
    writer.write(MeasureActual, actuals)
    return mandates


def generate_savings(
    rng: random.Random, writer: Writer, authority: Authority, years: list[int], sizes: Sizes
) -> None:
    """An MTFS programme a year with its lines, each profiled over the programme's years."""
    programmes = [
        SavingsProgramme(
            authority=authority,
            name=f"{authority.name} MTFS {financial_years.label(year)}",
            first_year=year,
            last_year=year + 3,
            source=GENERATED_SOURCE,
        )
        for year in years
    ]
    writer.write(SavingsProgramme, programmes)
    lines = []
    for programme in programmes:
        for position in range(1, sizes.savings_lines_per_year + 1):
            service = rng.choice(SERVICES)
            lines.append(
                SavingsLine(
                    programme=programme,
                    position=position,
                    description=f"{rng.choice(SAVING_VERBS)} {service.lower()}",
                    service=service,
                    confidence=rng.choice(["assured", "projected", "possible"]),
                    funding="DSG" if rng.random() < 0.15 else "GF",
                    budget_status=rng.choice(["in_mtfs", "additional"]),
                    attribution_method="A",
                    owner="Head of Finance",
                )
            )
    writer.write(SavingsLine, lines)
    amounts, delivery = [], []
    for line in lines:
        first = line.programme.first_year
        reached = Decimal(0)
        for year in range(first, first + rng.randrange(1, 5)):
            reached += money(rng, 10_000, 400_000)
            amounts.append(
                SavingsProfile(line=line, authority=authority, year=year, amount=reached)
            )
        forecast = amounts[-1].amount
        delivery.append(
            DeliveryRecord(
                line=line,
                authority=authority,
                year=first,
                forecast=forecast,
                achieved=(forecast * Decimal(rng.randrange(50, 101)) / 100).quantize(THOUSAND),
            )
        )
    writer.write(SavingsProfile, amounts)
    writer.write(DeliveryRecord, delivery)
    # bulk_create sends no signals: the members' totals are summarised here, in the same
    # transaction, as a save would have.
    summaries.refresh(programme.pk for programme in programmes)


def generate_contracts(
    rng: random.Random,
    writer: Writer,
    authority: Authority,
    years: list[int],
    sizes: Sizes,
    providers: list[Provider],
) -> None:
    """The contracts register: starts spread over the years, forecast spend for four years."""
    contracts = []
    for n in range(1, sizes.contracts_per_authority + 1):
        start_year = rng.choice(years)
        start = dt.date(start_year, 4, 1) + dt.timedelta(days=rng.randrange(365))
        term = rng.randrange(1, 6)
        end = start + dt.timedelta(days=365 * term - 1)
        service = rng.choice(SERVICES)
        contracts.append(
            Contract(
                authority=authority,
                reference=f"CS-{start_year}-{n:04d}",
                title=f"{service}: {rng.choice(CONTRACT_KINDS)}",
                description=f"{service} for children and families in {authority.name}.",
                responsible_department="Children's Services",
                provider=rng.choice(providers),
                total_value=money(rng, 5_000, 5_000_000),
                start_date=start,
                end_date=end,
                future_intention=rng.choice(INTENTIONS),
                initial_term_years=term,
                extension_years=rng.choice([None, 1, 2]),
                procurement_process=rng.choice(PROCUREMENT),
                status="ended" if end.year < years[-1] else "active",
            )
        )
    writer.write(Contract, contracts)
    forecasts = []
    for contract in contracts:
        share = (contract.total_value / 4).quantize(Decimal(1))
        first = int(contract.reference.split("-")[1])
        for year in range(first, first + 4):
            forecasts.append(ContractForecast(contract=contract, financial_year=year, amount=share))
    writer.write(ContractForecast, forecasts)

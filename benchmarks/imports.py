"""Loading the DfE reference data: areas, statistical-neighbour models, LAIT measures, values.

Every loader is idempotent (a second run changes nothing) and validates each row, reporting
it by line number; ``import_lait`` runs them in one transaction so a bad file changes nothing.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from benchmarks.models import Area, Measure, Neighbour, NeighbourModel, Period, Value
from benchmarks.periods import UNDATED, PeriodError, parse_period, parse_value
from childrens_services.caching import records_changed
from childrens_services.demo import fixture_path, read_csv, upsert
from governance.models import Authority

ENGLAND = "970"
LONDON = "986"
INNER_LONDON = "987"
OUTER_LONDON = "988"
LONDON_PARTS = {"Inner London": INNER_LONDON, "Outer London": OUTER_LONDON}

#: The published neighbour models: year -> (name, month published).
NEIGHBOUR_MODELS = {
    2021: ("DfE children's services statistical neighbours (2021)", "April 2021"),
    2025: ("DfE children's services statistical neighbours (2025)", "May 2025"),
}
POLARITIES = {
    "high": Measure.Polarity.HIGH,
    "low": Measure.Polarity.LOW,
    "-": Measure.Polarity.NONE,
    "na": Measure.Polarity.NONE,
    "": Measure.Polarity.NONE,
}
VALUE_COLUMNS = ("short_desc", "years", "la_number", "value")
BATCH_SIZE = 5000
PROGRESS_EVERY = 50_000
#: How many bad rows an error message lists before summarising the rest.
ERRORS_SHOWN = 50

Progress = Callable[[str], None]


class ImportRejected(Exception):
    """The file has bad rows: each is reported with its line number and nothing is kept."""

    def __init__(self, path: Path | str, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n".join(f"  {error}" for error in errors[:ERRORS_SHOWN])
        more = len(errors) - ERRORS_SHOWN
        tail = f"\n  ... and {more} more bad rows" if more > 0 else ""
        super().__init__(f"{path}: {len(errors)} bad row(s); nothing was imported.\n{shown}{tail}")


@dataclass
class ValuesResult:
    read: int = 0
    missing: int = 0
    undated_skipped: int = 0
    periods: set[str] = field(default_factory=set)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with the line number it starts on (the header is line 1)."""
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise ImportRejected(path, [f"line 1: missing column(s) {', '.join(missing)}"])
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1


def load_areas() -> dict[str, Area]:
    """England, the regions, inner and outer London and every LA, from the governance list.

    The list is ``fixtures/governance/local_authorities.csv`` (shared with governance, which
    loads the LAs as authorities); each LA area is linked to its authority when one exists.
    """
    rows = [
        row
        for row in read_csv("governance", "local_authorities.csv")
        if not row["la_name"].endswith("(discontinued)")
    ]
    authorities = {a.dfe_code: a for a in Authority.objects.all()}
    areas: dict[str, Area] = {}
    by_name: dict[str, Area] = {}
    for row in rows:
        code = row["la_number"]
        if row["type"] != "NA":
            continue
        kind = (
            Area.Kind.ENGLAND
            if code == ENGLAND
            else Area.Kind.LONDON_PART
            if code in LONDON_PARTS.values()
            else Area.Kind.REGION
        )
        areas[code] = upsert(Area, {"code": code}, {"name": row["la_name"], "kind": kind})
        by_name[row["la_name"].casefold()] = areas[code]
    for row in rows:
        code = row["la_number"]
        if row["type"] == "NA":
            continue
        part = LONDON_PARTS.get(row["region"])
        region = areas[LONDON] if part else by_name[row["region"].casefold()]
        areas[code] = upsert(
            Area,
            {"code": code},
            {
                "name": row["la_name"],
                "kind": Area.Kind.LOCAL_AUTHORITY,
                "authority": authorities.get(code),
                "region": region,
                "london_part": areas[part] if part else None,
            },
        )
    return areas


def load_neighbour_models(areas: dict[str, Area] | None = None) -> dict[int, NeighbourModel]:
    """Both DfE statistical-neighbour models, from ``fixtures/benchmarks/``."""
    areas = areas if areas is not None else {a.code: a for a in Area.objects.all()}
    models: dict[int, NeighbourModel] = {}
    for year, (name, published) in NEIGHBOUR_MODELS.items():
        model = upsert(NeighbourModel, {"year": year}, {"name": name, "published": published})
        models[year] = model
        path = fixture_path("benchmarks", f"statistical_neighbours_{year}.csv")
        _load_neighbours(model, path, areas)
    return models


def _load_neighbours(model: NeighbourModel, path: Path, areas: dict[str, Area]) -> None:
    """Create the listed neighbours that are missing, update those that changed."""
    errors: list[str] = []
    existing = {(n.area_id, n.rank): n for n in Neighbour.objects.filter(model=model)}
    new: list[Neighbour] = []
    columns = ("la_number", "rank", "neighbour_la_number", "closeness")
    for line, row in _rows(path, columns):
        area = areas.get(row["la_number"])
        neighbour = areas.get(row["neighbour_la_number"])
        rank = int(row["rank"]) if row["rank"].isdigit() else 0
        if area is None or neighbour is None:
            errors.append(
                f"line {line}: unknown LA number in {row['la_number']!r} or "
                f"{row['neighbour_la_number']!r}"
            )
            continue
        if not 1 <= rank <= 10:
            errors.append(f"line {line}: rank {row['rank']!r} is not 1 to 10")
            continue
        closeness = row["closeness"].strip().capitalize()
        current = existing.get((area.pk, rank))
        if current is None:
            new.append(
                Neighbour(
                    model=model, area=area, neighbour=neighbour, rank=rank, closeness=closeness
                )
            )
        elif (current.neighbour_id, current.closeness) != (neighbour.pk, closeness):
            current.neighbour, current.closeness = neighbour, closeness
            current.save()
    if errors:
        raise ImportRejected(path, errors)
    if new:
        bulk_create_with_history(new, Neighbour, batch_size=BATCH_SIZE)


def import_measures(path: Path, progress: Progress | None = None) -> int:
    """LAIT's data dictionary, one measure per short name (the first listing wins)."""
    errors: list[str] = []
    seen: set[str] = set()
    count = 0
    for line, row in _rows(path, ("Measure_short", "Topic", "Measure", "Polarity")):
        short_name = row["Measure_short"].strip()
        if short_name in seen:
            continue
        polarity = POLARITIES.get(row["Polarity"].strip().casefold())
        if not short_name:
            errors.append(f"line {line}: the measure has no short name (Measure_short)")
            continue
        if polarity is None:
            errors.append(f"line {line}: polarity {row['Polarity']!r} is not High, Low or -")
            continue
        seen.add(short_name)
        values = {
            "code": row.get("Measure_code", "").strip(),
            "topic": row["Topic"].strip().replace("\\", "/"),
            "name": row["Measure"].strip(),
            "chart_title": row.get("Chart_title", "").strip(),
            "polarity": polarity,
            "unit": row.get("y_axis_name", "").strip(),
            "description": row.get("Description", "").strip(),
            "source": row.get("Data Owner (DO) /Supplier and Contact Details", "").strip(),
            "methodology": row.get("Methodology", "").strip(),
            "link": row.get("Hyperlink(s)", "").strip(),
            "year_type": row.get("Year_Type", "").strip(),
        }
        try:
            upsert(Measure, {"short_name": short_name}, values)
        except ValidationError as exc:
            errors.extend(
                f"line {line}: {name}: {' '.join(messages)}"
                for name, messages in exc.message_dict.items()
            )
            continue
        count += 1
    if errors:
        raise ImportRejected(path, errors)
    if progress:
        progress(f"measures: {count:,} read from {path.name}")
    return count


def import_values(path: Path, progress: Progress | None = None) -> ValuesResult:
    """LAIT values (measure x area x period), upserted in batches.

    Every row is checked (known measure, known LA number, a period LAIT uses, a number or a
    missing mark); bad rows are collected with their line numbers and ``ImportRejected`` is
    raised at the end, so the caller's transaction rolls the whole file back.
    """
    measures = dict(Measure.objects.values_list("short_name", "pk"))
    areas = dict(Area.objects.values_list("code", "pk"))
    periods = dict(Period.objects.values_list("label", "pk"))
    result = ValuesResult()
    errors: list[str] = []
    batch: list[Value] = []
    for line, row in _rows(path, VALUE_COLUMNS):
        measure_id = measures.get(row["short_desc"].strip())
        area_id = areas.get(row["la_number"].strip())
        label = row["years"].strip()
        try:
            number, marker = parse_value(row["value"] or "")
        except ValueError as exc:
            errors.append(f"line {line}: value: {exc}")
            continue
        if label == UNDATED and number is None:
            result.undated_skipped += 1
            continue
        if measure_id is None:
            errors.append(f"line {line}: unknown measure {row['short_desc']!r}")
        if area_id is None:
            errors.append(f"line {line}: unknown LA number {row['la_number']!r}")
        period_id = periods.get(label)
        if period_id is None:
            try:
                parsed = parse_period(label)
            except PeriodError as exc:
                errors.append(f"line {line}: period: {exc}")
                continue
            period_id = upsert(
                Period,
                {"label": parsed.label},
                {
                    "start_year": parsed.start_year,
                    "end_year": parsed.end_year,
                    "qualifier": parsed.qualifier,
                },
            ).pk
            periods[label] = period_id
        if errors:
            continue
        result.read += 1
        result.missing += number is None
        result.periods.add(label)
        batch.append(
            Value(
                measure_id=measure_id,
                area_id=area_id,
                period_id=period_id,
                value=number,
                marker=marker,
            )
        )
        if len(batch) >= BATCH_SIZE:
            _write(batch)
            batch = []
        if progress and result.read % PROGRESS_EVERY == 0:
            progress(f"values: {result.read:,} rows imported")
    if errors:
        raise ImportRejected(path, errors)
    _write(batch)
    if progress:
        progress(
            f"values: {result.read:,} rows imported ({result.missing:,} missing or suppressed, "
            f"{result.undated_skipped:,} undated empty rows skipped) from {path.name}"
        )
    return result


def _write(batch: list[Value]) -> None:
    """Insert new figures and overwrite changed ones, keyed on measure x area x period.

    ``bulk_create`` sends no signals, so the change is counted here for cached figures (a
    success measure's RAG can follow its neighbours' values).
    """
    if batch:
        records_changed()
        Value.objects.bulk_create(
            batch,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["measure", "area", "period"],
            update_fields=["value", "marker"],
        )

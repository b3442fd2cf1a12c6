"""``generate_scale_data`` writes realistic records, the same ones for the same seed.

The command belongs to the ``perf`` harness, installed only by ``perf.settings``; the test
hands ``call_command`` the command itself, so it runs under the product's settings.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from commissioning.models import Contract, ContractForecast
from governance.models import CommitteeReport, Meeting
from mandates.models import Asset, KeyFact, Mandate, MeasureActual, Milestone, Risk, SuccessMeasure
from perf.management.commands.generate_scale_data import Command as GenerateScaleData
from savings.models import SavingsLine, SavingsProfile, SavingsProgramme

pytestmark = pytest.mark.django_db

SMALL = {"authorities": 3, "years": 2, "savings_lines": 10, "contracts": 20, "providers": 30}


def generate(seed: int = 1) -> str:
    out = io.StringIO()
    call_command(GenerateScaleData(), seed=seed, stdout=out, **SMALL)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """The generated rows by their content (ids differ between runs, values must not)."""
    return {
        "contracts": list(
            Contract.objects.order_by("authority__dfe_code", "reference").values_list(
                "authority__dfe_code", "reference", "provider__name", "total_value", "start_date"
            )
        ),
        "amounts": list(
            SavingsProfile.objects.order_by(
                "line__programme__authority__dfe_code",
                "line__programme__first_year",
                "line__position",
                "year",
            ).values_list("line__description", "year", "amount")
        ),
        "actuals": list(
            MeasureActual.objects.order_by(
                "measure__mandate__authority__dfe_code",
                "measure__mandate__start_year",
                "measure__position",
                "as_at",
            ).values_list("period", "value")
        ),
    }


def snapshot_of_run(seed: int) -> dict[str, list]:
    """Generate, read, and roll back, so a second run starts from the same database."""
    with transaction.atomic():
        generate(seed)
        rows = snapshot()
        transaction.set_rollback(True)
    return rows


def test_every_authority_gets_a_mandate_a_year_with_every_section(world):
    output = generate()

    assert "3/3" in output
    mandates = Mandate.objects.filter(title__contains="mandate for children's services")
    assert mandates.count() == 3 * 2
    for mandate in mandates:
        assert KeyFact.objects.filter(mandate=mandate).count() == 6
        assert Risk.objects.filter(mandate=mandate).count() == 5
        assert Asset.objects.filter(mandate=mandate).count() == 6
        assert SuccessMeasure.objects.filter(mandate=mandate).count() == 8
        assert Milestone.objects.filter(mandate=mandate).count() == 12
    latest = mandates.order_by("-start_year").first()
    assert latest.previous_mandate is not None
    assert latest.status == "draft"
    assert MeasureActual.objects.filter(measure__mandate__in=mandates).count() == 3 * 2 * 8 * 4


def test_savings_and_contracts_have_profiles_and_forecasts(world):
    generate()

    assert SavingsProgramme.objects.filter(source="generate_scale_data").count() == 3 * 2
    assert SavingsLine.objects.count() == 3 * 2 * 10
    # Each line is profiled over one to four years, cumulatively (never falling).
    for line in SavingsLine.objects.prefetch_related("amounts")[:20]:
        amounts = [a.amount for a in line.amounts.order_by("year")]
        assert 1 <= len(amounts) <= 4
        assert amounts == sorted(amounts)
    assert Contract.objects.count() == 3 * 20
    assert ContractForecast.objects.count() == 3 * 20 * 4
    assert Contract.history.count() == Contract.objects.count()
    assert Meeting.objects.count() == 3 * 2 * 2 * 4
    assert CommitteeReport.objects.count() == Meeting.objects.count()


def test_demo_authorities_with_mandates_are_left_alone(world):
    Mandate.objects.create(authority=world.hf, title="H&F 2011", start_year=2011, end_year=2014)

    generate()

    assert not Contract.objects.filter(authority=world.hf).exists()
    assert Mandate.objects.filter(authority=world.hf).count() == 1


def test_same_seed_gives_the_same_rows_and_another_seed_does_not(world):
    first = snapshot_of_run(1)
    second = snapshot_of_run(1)
    other = snapshot_of_run(2)

    assert first["contracts"]
    assert first == second
    assert first["contracts"] != other["contracts"]
    assert first["amounts"] != other["amounts"]


def test_a_second_run_is_refused_rather_than_doubling_the_data(world):
    generate()

    with pytest.raises(CommandError, match="already present"):
        generate()

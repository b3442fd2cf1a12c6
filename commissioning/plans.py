"""An authority's commissioning plan as the plan page reads it: each service's delivery model
per period, and the commissioned-versus-direct share of spend computed from the amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from childrens_services.permissions import restrict
from commissioning.models import DeliveryModelSpend, Service, ServiceDeliveryModel, ServiceGroup
from commissioning.spend import shares_by_period

#: (commissioned, direct): the two categories of spend, in the columns' order.
CATEGORIES = ("commissioned", "direct")


@dataclass
class Plan:
    """``periods`` labels the columns; ``rows`` holds each group's services with their model
    in each period (``None`` where none is recorded); ``spend_rows`` each period's amount and
    share of each category."""

    periods: list[str]
    rows: list[tuple[ServiceGroup, list[tuple[Service, list[ServiceDeliveryModel | None]]]]]
    spend_rows: list[tuple[str, list[tuple[Decimal | None, Decimal | None]]]]


def plan_of(user, authority) -> Plan:
    """The plan of ``authority`` from the records ``user`` may see, in four queries."""
    groups = list(
        restrict(user, ServiceGroup.objects.filter(authority=authority))
        .prefetch_related("services__delivery_models")
        .order_by("order", "name")
    )
    spend = list(restrict(user, DeliveryModelSpend.objects.filter(authority=authority)))
    periods = sorted(
        {
            (model.start_year, model.end_year, model.period)
            for group in groups
            for service in group.services.all()
            for model in service.delivery_models.all()
        }
        | {(row.start_year, row.end_year, row.period) for row in spend}
    )
    rows = [
        (
            group,
            [
                (service, [_model_starting(service, start) for start, _end, _label in periods])
                for service in group.services.all()
            ],
        )
        for group in groups
    ]
    amounts = {(row.start_year, row.category): row.amount for row in spend}
    percent = shares_by_period(spend)
    spend_rows = [
        (
            label,
            [
                (amounts.get((start, category)), percent.get((start, end), {}).get(category))
                for category in CATEGORIES
            ],
        )
        for start, end, label in periods
        if (start, end) in percent
    ]
    return Plan(
        periods=[label for _start, _end, label in periods], rows=rows, spend_rows=spend_rows
    )


def _model_starting(service: Service, start: int) -> ServiceDeliveryModel | None:
    return next((m for m in service.delivery_models.all() if m.start_year == start), None)

"""Commissioning: the commissioning plan, providers and the contracts register."""

from .contracts import Contract, ContractForecast, ContractLot, FutureIntention
from .providers import Provider
from .services import (
    DeliveryModel,
    DeliveryModelSpend,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
    SpendCategory,
)

__all__ = [
    "Contract",
    "ContractForecast",
    "ContractLot",
    "DeliveryModel",
    "DeliveryModelSpend",
    "FutureIntention",
    "Provider",
    "Service",
    "ServiceDeliveryModel",
    "ServiceGroup",
    "SpendCategory",
]

"""Permissions for commissioning records, from the one rule set in childrens_services.permissions.

Providers are shared by every authority (a company may hold contracts with several), so they
follow the reference rules for viewing, but officers may add and correct them: importing a
contracts register creates the suppliers it names. Only administrators delete a provider.
"""

import rules

from childrens_services.permissions import is_administrator, is_officer, register
from commissioning.models import (
    Contract,
    ContractForecast,
    ContractLot,
    DeliveryModelSpend,
    Provider,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)

register(
    ServiceGroup,
    Service,
    ServiceDeliveryModel,
    DeliveryModelSpend,
    Provider,
    Contract,
    ContractLot,
    ContractForecast,
)

for _action in ("add", "change"):
    rules.set_perm(f"commissioning.{_action}_provider", is_administrator | is_officer)

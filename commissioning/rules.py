"""Permissions for commissioning records, from the one rule set in childrens_services.permissions.

Providers are shared by every authority (a company may hold contracts with several), so they
have their own rule (``SUPPLIER``): every role reads them; officers add them (importing a
contracts register creates the suppliers it names) and change one only while every contract
using it belongs to their authority; a supplier shared with another borough is changed, and
any supplier deleted, by administrators.
"""

from childrens_services.permissions import SUPPLIER, register
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
    Contract,
    ContractLot,
    ContractForecast,
)
register(Provider, kind=SUPPLIER)

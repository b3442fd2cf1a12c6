"""The contracts register's columns: Transparency Code 2015 headers, synonyms, this system's extras.

Headers are matched after ``normalise`` (lower case, letters and digits only), so
"Reference Number", "reference_number" and "REFERENCE NUMBER." are one column.
"""

from __future__ import annotations

import re

from childrens_services.financial_years import label

#: canonical key -> (header this system writes, other headers councils publish)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reference": (
        "Reference Number",
        ("Reference", "Contract Reference", "Contract Ref", "Contract Number", "Contract ID"),
    ),
    "title": ("Title", ("Contract Title", "Contract Name", "Title of Agreement")),
    "description": (
        "Description",
        ("Contract Description", "Description of Goods and Services", "Goods and Services"),
    ),
    "responsible_department": (
        "Responsible Department",
        ("Department", "Directorate", "Service Area", "Responsible Service"),
    ),
    "supplier": ("Supplier Name", ("Supplier", "Contractor", "Provider", "Provider Name")),
    "supplier_registration": (
        "Supplier Registration Number",
        ("Registration Number", "Companies House Number", "Company Number", "Charity Number"),
    ),
    "sme": ("SME", ("SME Supplier", "Is SME", "Supplier is SME")),
    "vcse": ("VCSE", ("VCSE Supplier", "Is VCSE", "Supplier is VCSE")),
    "start_date": ("Start Date", ("Contract Start Date", "Contract Start")),
    "end_date": ("End Date", ("Contract End Date", "Contract End", "Expiry Date", "Renewal Date")),
    "review_date": ("Review Date", ("Contract Review Date",)),
    "total_value": (
        "Contract Value",
        ("Value of Contract", "Total Value", "Total Contract Value", "Value", "Contract Value £"),
    ),
    "irrecoverable_vat": ("Irrecoverable VAT", ("VAT Irrecoverable", "Irrecoverable VAT £")),
    "procurement_process": (
        "Procurement Process",
        ("Procurement Type", "Procurement Method", "Procurement Route Used"),
    ),
    # This system's own layout adds the commissioning fields after the Transparency Code's.
    "future_intention": ("Future Intention", ("Intention",)),
    "renewal_text": ("Renewal As Written", ("Renewal Text",)),
    "status": ("Status", ("Contract Status",)),
    "procurement_route": ("Procurement Route", ()),
    "social_value": ("Social Value", ("Social Value Commitments",)),
    "apprenticeships": ("Apprenticeships", ()),
    "initial_term_years": ("Initial Term Years", ("Initial Term",)),
    "extension_years": ("Extension Years", ("Extension Option Years",)),
}

TRANSPARENCY_KEYS = [
    "reference",
    "title",
    "description",
    "responsible_department",
    "supplier",
    "supplier_registration",
    "sme",
    "vcse",
    "start_date",
    "end_date",
    "review_date",
    "total_value",
    "irrecoverable_vat",
    "procurement_process",
]
EXTRA_KEYS = [key for key in COLUMNS if key not in TRANSPARENCY_KEYS]

FORECAST_HEADER = re.compile(r"^forecast(?:spend)?(\d{4})(\d{2})$")


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


SYNONYMS: dict[str, str] = {
    normalise(name): key
    for key, (written, others) in COLUMNS.items()
    for name in (written, key, *others)
}


def header_key(header: str) -> str | None:
    """The canonical key for a published header, ``forecast:2011`` for a forecast column."""
    name = normalise(header)
    if name in SYNONYMS:
        return SYNONYMS[name]
    match = FORECAST_HEADER.match(name)
    if match and int(match.group(2)) == (int(match.group(1)) + 1) % 100:
        return f"forecast:{match.group(1)}"
    return None


def header_for(key: str) -> str:
    if key.startswith("forecast:"):
        return f"Forecast {label(int(key.split(':')[1]))}"
    return COLUMNS[key][0]

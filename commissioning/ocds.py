"""Checks of an OCDS 1.1 release package against the standard's required fields and codelists.

No package on PyPI ships the OCDS 1.1 release-package schema (``libcoveocds`` fetches it from
the standard's website at run time, which these machines cannot reach), so this module checks
what that schema requires: the package's and each release's required fields, the closed
codelists the export uses (release tag, initiation type, award and contract status), the
party roles codelist, date-time and currency formats, and that every award a contract names
exists. It returns the problems found, an empty list for a valid package.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

PACKAGE_REQUIRED = ("uri", "publishedDate", "releases", "publisher", "version")
RELEASE_REQUIRED = ("ocid", "id", "date", "tag", "initiationType")
RELEASE_TAGS = {
    "planning",
    "planningUpdate",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "tenderCancellation",
    "award",
    "awardUpdate",
    "awardCancellation",
    "contract",
    "contractUpdate",
    "contractAmendment",
    "implementation",
    "implementationUpdate",
    "contractTermination",
    "compiled",
}
INITIATION_TYPES = {"tender"}
AWARD_STATUSES = {"pending", "active", "cancelled", "unsuccessful"}
CONTRACT_STATUSES = {"pending", "active", "cancelled", "terminated"}
PARTY_ROLES = {
    "buyer",
    "procuringEntity",
    "supplier",
    "tenderer",
    "funder",
    "enquirer",
    "payer",
    "payee",
    "reviewBody",
    "interestedParty",
}
VERSION = re.compile(r"^(\d+\.)(\d+)$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _check_value(where: str, value: Any, problems: list[str]) -> None:
    if value is None:
        return
    if not isinstance(value.get("amount"), int | float):
        problems.append(f"{where}.amount must be a number")
    if not CURRENCY.match(str(value.get("currency", ""))):
        problems.append(f"{where}.currency must be an ISO 4217 code")


def check_release_package(package: dict[str, Any]) -> list[str]:
    """Every way ``package`` breaks the OCDS 1.1 release-package rules checked here."""
    problems = [f"package: {key} is required" for key in PACKAGE_REQUIRED if key not in package]
    if not VERSION.match(str(package.get("version", ""))):
        problems.append("package: version must look like 1.1")
    if not _is_datetime(package.get("publishedDate")):
        problems.append("package: publishedDate must be a date-time with a time zone")
    if not isinstance(package.get("publisher"), dict) or not package["publisher"].get("name"):
        problems.append("package: publisher.name is required")
    releases = package.get("releases")
    if not isinstance(releases, list) or not releases:
        problems.append("package: releases must be a non-empty list")
        return problems
    ids = set()
    for index, release in enumerate(releases):
        where = f"releases[{index}]"
        problems += [
            f"{where}: {key} is required" for key in RELEASE_REQUIRED if not release.get(key)
        ]
        if (release.get("ocid"), release.get("id")) in ids:
            problems.append(f"{where}: ocid and id repeat an earlier release")
        ids.add((release.get("ocid"), release.get("id")))
        if not _is_datetime(release.get("date")):
            problems.append(f"{where}.date must be a date-time with a time zone")
        for tag in release.get("tag") or []:
            if tag not in RELEASE_TAGS:
                problems.append(f"{where}.tag {tag!r} is not in the releaseTag codelist")
        if release.get("initiationType") not in INITIATION_TYPES:
            problems.append(f"{where}.initiationType must be 'tender'")
        party_ids = set()
        for p_index, party in enumerate(release.get("parties", [])):
            if not party.get("id"):
                problems.append(f"{where}.parties[{p_index}].id is required")
            party_ids.add(party.get("id"))
            for role in party.get("roles", []):
                if role not in PARTY_ROLES:
                    problems.append(f"{where}.parties[{p_index}] role {role!r} is not a partyRole")
        buyer = release.get("buyer")
        if buyer is not None and buyer.get("id") not in party_ids:
            problems.append(f"{where}.buyer must refer to a party")
        award_ids = set()
        for a_index, award in enumerate(release.get("awards", [])):
            at = f"{where}.awards[{a_index}]"
            if not award.get("id"):
                problems.append(f"{at}.id is required")
            award_ids.add(award.get("id"))
            if award.get("status") and award["status"] not in AWARD_STATUSES:
                problems.append(f"{at}.status is not in the awardStatus codelist")
            for supplier in award.get("suppliers", []):
                if supplier.get("id") not in party_ids:
                    problems.append(f"{at}.suppliers must refer to parties")
            _check_value(f"{at}.value", award.get("value"), problems)
        for c_index, contract in enumerate(release.get("contracts", [])):
            at = f"{where}.contracts[{c_index}]"
            for key in ("id", "awardID"):
                if not contract.get(key):
                    problems.append(f"{at}.{key} is required")
            if contract.get("awardID") and contract["awardID"] not in award_ids:
                problems.append(f"{at}.awardID names no award of the release")
            if contract.get("status") and contract["status"] not in CONTRACT_STATUSES:
                problems.append(f"{at}.status is not in the contractStatus codelist")
            _check_value(f"{at}.value", contract.get("value"), problems)
            for key, day in (contract.get("period") or {}).items():
                if not _is_datetime(day):
                    problems.append(f"{at}.period.{key} must be a date-time with a time zone")
    return problems

"""Building contracts registers (CSV and XLSX) for the import tests."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

HEADERS = [
    "Reference Number",
    "Title",
    "Description",
    "Responsible Department",
    "Supplier Name",
    "Supplier Registration Number",
    "SME",
    "VCSE",
    "Start Date",
    "End Date",
    "Review Date",
    "Contract Value",
    "Irrecoverable VAT",
    "Procurement Process",
    "Future Intention",
]


def row(**overrides) -> dict[str, str]:
    values = {
        "Reference Number": "CS-001",
        "Title": "School meals",
        "Description": "Catering for primary schools",
        "Responsible Department": "Children's Services",
        "Supplier Name": "Eden Food Services Ltd",
        "Supplier Registration Number": "01234567",
        "SME": "No",
        "VCSE": "No",
        "Start Date": "06/06/2016",
        "End Date": "05/06/2019",
        "Review Date": "",
        "Contract Value": "£1,250,000.00",
        "Irrecoverable VAT": "0",
        "Procurement Process": "Open",
        "Future Intention": "Potential Tri-borough contract",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict[str, str]], headers: list[str] | None = None) -> bytes:
    headers = headers or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(h, "") for h in headers])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    headers = list(rows[0])
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def three_rows() -> list[dict[str, str]]:
    return [
        row(),
        row(
            **{
                "Reference Number": "CS-002",
                "Title": "Travel care",
                "Supplier Name": "CT Plus",
                "Supplier Registration Number": "",
                "VCSE": "Yes",
                "Start Date": "2016-06-06",
                "End Date": "2019-06-05",
                "Contract Value": "450000",
                "Future Intention": "Contract Renewal / Negotiation / Extension when contract ends",
            }
        ),
        row(
            **{
                "Reference Number": "CS-003",
                "Title": "Fostering services",
                "Supplier Name": "Various Fostering Agencies",
                "Supplier Registration Number": "",
                "Contract Value": "",
                "End Date": "",
                "Future Intention": "Potential Tri-borough contract",
            }
        ),
    ]


def many_rows(count: int, prefix: str = "R") -> list[dict[str, str]]:
    """``count`` contracts with two forecasts each, shared among seven suppliers new to the
    register (named after ``prefix``, so two registers name different suppliers)."""
    return [
        row(
            **{
                "Reference Number": f"{prefix}-{n:04d}",
                "Title": f"Placement framework lot {n}",
                "Supplier Name": f"{prefix} Supplier {n % 7}",
                "Supplier Registration Number": "",
                "Contract Value": f"{5000 + n}",
                "Forecast 2016/17": f"{1000 + n}",
                "Forecast 2017/18": f"{2000 + n}",
            }
        )
        for n in range(1, count + 1)
    ]

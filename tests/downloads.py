"""Reading a table download (CSV or XLSX) back as its parts: the block saying what the rows are,
the column headings and the rows, in the layout ``childrens_services.tables.TableDownload``
writes (the block, an empty row, the headings, the rows)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import openpyxl


@dataclass
class Download:
    title: str
    about: dict[str, str]
    headings: list[str]
    rows: list[list]
    #: XLSX only: each row's cells, for their number formats.
    cells: list[list] = field(default_factory=list)

    def column(self, heading: str) -> list:
        index = self.headings.index(heading)
        return [row[index] for row in self.rows]

    def notes(self) -> list[str]:
        return self.column("Notes")


def _split(rows: list[list]) -> tuple[str, dict[str, str], list[str], int]:
    blank = next(i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row))
    block = rows[:blank]
    about = {row[0]: row[1] for row in block[1:]}
    return block[0][0], about, [str(h) for h in rows[blank + 1]], blank + 2


def read_csv(content: bytes) -> Download:
    assert content.startswith(b"\xef\xbb\xbf"), "a CSV for spreadsheets starts with a BOM"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    title, about, headings, first = _split(rows)
    return Download(title, about, headings, rows[first:])


def read_xlsx(content: bytes) -> Download:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [list(row) for row in sheet.iter_rows()]
    width = max(len(row) for row in cells)
    cells = [row + [None] * (width - len(row)) for row in cells]
    values = [[cell.value if cell is not None else None for cell in row] for row in cells]
    title, about, headings, first = _split(values)
    headings = [h for h in headings if h != "None"]
    rows = [row[: len(headings)] for row in values[first:]]
    return Download(title, about, headings, rows, [row[: len(headings)] for row in cells[first:]])

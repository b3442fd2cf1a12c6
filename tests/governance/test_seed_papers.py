"""The five seed papers, published as demo reports, keep the papers' prose and figures.

Each paper's published PDF (as ``load_demo`` publishes it) is read back as text and compared
with the seed: at least 95 % of the seed's prose sentences must appear word for word
(``tests/governance/seed_prose.py`` says what a prose sentence is and how both sides are
normalised), and every figure in the seed's tables must appear.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.conf import settings

from governance.models import CommitteeReport
from tests.governance.reports_factory import pdf_text
from tests.governance.seed_prose import missing_sentences, seed_text

pytestmark = pytest.mark.django_db

ROWS = json.loads(
    (settings.BASE_DIR / "fixtures" / "governance" / "reports" / "reports.json").read_text()
)["reports"]
SEEDS = [row["seed"] for row in ROWS]

#: Share of the seed's prose sentences that must be printed word for word.
PROSE_KEPT = 0.95


@pytest.fixture(scope="module")
def published(demo_data, django_db_blocker):
    """Each seed's published PDF text, as ``load_demo`` published it."""
    with django_db_blocker.unblock():
        texts = {}
        for row in ROWS:
            report = CommitteeReport.objects.get(
                title=row["title"], meeting__date=row["meeting"]["date"], supersedes=None
            )
            assert report.is_published, f"{row['seed']} should be published by load_demo"
            texts[row["seed"]] = pdf_text(bytes(report.pdf))
        yield texts


@pytest.mark.parametrize("seed", SEEDS)
def test_the_published_paper_keeps_the_seeds_prose_word_for_word(published, seed):
    missing, total = missing_sentences(seed_text(seed), published[seed])
    kept = 1 - len(missing) / total
    shown = "\n".join(f"- {sentence}" for sentence in missing[:15])
    assert kept >= PROSE_KEPT, (
        f"{seed}: {total - len(missing)} of {total} prose sentences printed ({kept:.1%}); "
        f"missing, first 15:\n{shown}"
    )


#: A figure as the papers print it: "1,259", "-1,259", "(620)", "£11.8m", "5.30"; not the
#: "13" of "2012-13" (a year range, which is a heading).
_FIGURE = re.compile(r"(?<![\w.,-])-?\d[\d,]*(?:\.\d+)?")

#: Figures the seeds' text extraction garbled, as the seeds' README lists them: what the
#: paper printed instead.
_OCR_SLIPS = {"003_a3b3b4fa815b832e.txt": {"2,470": "2.470"}}


def _value(token: str) -> Decimal:
    return Decimal(token.lstrip("-").replace(",", ""))


def _figures(text: str) -> set[Decimal]:
    """The figures in ``text`` as values without their sign: a paper's "-1,259" and a
    printed "(1,259)" are the same figure, and so are a paper's "0.68" and the "0.680" of a
    table printed to three places throughout, or its "9.0" and a printed "9"."""
    return {_value(token) for token in _FIGURE.findall(text)}


def _table_figures(seed: str, name: str = "") -> list[str]:
    """Every figure in the seed's table rows (its tab-separated lines), as the seed prints it."""
    slips = _OCR_SLIPS.get(name, {})
    rows = "\n".join(line for line in seed.splitlines() if "\t" in line)
    return sorted({slips.get(token, token) for token in _FIGURE.findall(rows)})


@pytest.mark.parametrize("seed", SEEDS)
def test_every_figure_of_the_seeds_tables_is_printed(published, seed):
    printed = _figures(published[seed])
    missing = [
        token for token in _table_figures(seed_text(seed), seed) if _value(token) not in printed
    ]
    assert not missing, f"{seed}: figures of the paper's tables not printed: {missing}"

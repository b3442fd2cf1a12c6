"""Each rule and each format is written once: a second copy found in the source fails here.

The search reads the project's own source (Python and templates), not the virtualenv, the
node modules, migrations or the tests. Each check is also run on a tree with a copy put back,
so a check that could never fail would be caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", ".git", "static", "var"}

#: Where each rule or format is written, the one place allowed to hold it.
FORMATTING = "childrens_services/formatting.py"

Tree = dict[str, str]


#: The project's own scripts (the compiled GOV.UK Frontend under static/build is not ours).
SCRIPT_DIRS = ("static/js", "static/officers", "frontend")
SCRIPT_SUFFIXES = (".js", ".mjs")


def source_tree() -> Tree:
    tree = {}
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or path.suffix not in (".py", ".html"):
            continue
        if path.is_file():
            tree[relative.as_posix()] = path.read_text(encoding="utf-8")
    for folder in SCRIPT_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in SCRIPT_SUFFIXES and path.is_file():
                tree[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return tree


def where(tree: Tree, pattern: str, *, suffix: str = ".py", exempt=frozenset()) -> list[str]:
    """``path:line`` of each line of the tree's ``suffix`` files matching ``pattern``."""
    found = []
    for path, text in sorted(tree.items()):
        if not path.endswith(suffix) or path in exempt:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path}:{number}")
    return found


def definitions(tree: Tree) -> dict[str, list[str]]:
    """Where each rule and format is defined (each list must have exactly one place)."""
    return {
        "RAG scale": where(tree, r"^class Rag\b"),
        "amber tolerance": where(tree, r"^\s*[A-Z_]*TOLERANCE[A-Z_]*\s*(:[^=]*)?="),
        "renewal date": where(tree, r"^def renewal_date_expression\b"),
        "overdue milestone": where(tree, r"def overdue_q\b"),
        "money formatter": where(tree, r"^def money\((\s*$|\s*value\b)"),
        "money parser": where(tree, r"^def parse_money\b"),
        "time between dates": where(tree, r"^def elapsed\b"),
        "authorities a picker offers": where(tree, r"^def authorities_with_records\b"),
        "clear days": where(tree, r"^def clear_days\b"),
        "working days": where(tree, r"^def add_working_days\b"),
        "months on from a day": where(tree, r"^def months_on\b"),
        "bank holidays": where(tree, r"^\s*(import holidays|from holidays\b)"),
        "illustrative demo row": where(tree, r"^def illustrative_field\b"),
    }


def copies(tree: Tree) -> dict[str, list[str]]:
    """Rules and formats written out by hand away from their one place (each must be empty)."""
    outside_formatting = {FORMATTING}
    return {
        # A renewal date worked out in Python from the two dates, beside the expression.
        "renewal date in Python": where(
            tree,
            r"\.review_date\b.*\.end_date\b|\.end_date\b.*"
            r"\.review_date\b",
        ),  # fmt: skip
        # Overdue judged in Python against a due date, beside ``Milestone.overdue_q``.
        "overdue in Python": where(tree, r"\btoday\s*>\s*\w*due|\bdue\w*\s*<\s*today\b"),
        # Pounds built by hand in Python: f"£{...}", "£" + text, "£%s", "£{}".format.
        "pounds written by hand": where(
            tree, r"f[\"']\(?-?£|[\"']£[\"']\s*\+|[\"']£(%|\{\})", exempt=outside_formatting
        ),
        # Money read by hand: stripping "£" and separators before Decimal().
        "money parsed by hand": where(
            tree,
            r"replace\([\"']£|\[£|replace\([\"'],[\"'],\s*[\"'][\"']\)",
            exempt=outside_formatting,
        ),  # fmt: skip
        # A figure shown by hand in Python (``f"{value.normalize():f}"`` printed 34853).
        "figure written by hand": where(tree, r"\.normalize\(\):f\}", exempt=outside_formatting),
        # Figures formatted in the browser: the pages, charts and admin format on the server.
        "figure formatted in a script": where(
            tree, r"toLocaleString|toFixed|Intl\.NumberFormat|£", suffix="js"
        ),
        "floatformat or intcomma in a template": where(
            tree, r"floatformat|intcomma|load humanize", suffix=".html"
        ),
        "pounds written by hand in a template": where(tree, r"£\{\{", suffix=".html"),
        # A scrolling table region written out by hand rather than with ``{% scrolls %}``, which
        # names it by its caption and keeps the first column in view.
        "table region written in a template": where(tree, r"app-table-wrapper", suffix=".html"),
        # A date shown to a reader in a format of its own (|date:'c', the machine-readable
        # form in a <time datetime=...> attribute, is not shown, so it stays allowed).
        # The illustrative mark declared field by field, beside ``illustrative_field``.
        "illustrative mark declared by hand": where(tree, r"^\s+illustrative = models\."),
        "date format written in a template": where(
            tree, r"\|date:\s*[\"'](?!c[\"'])", suffix=".html"
        ),
    }


@pytest.fixture(scope="module")
def tree() -> Tree:
    return source_tree()


def test_the_search_reads_the_project_source(tree):
    assert FORMATTING in tree
    assert "commissioning/renewals.py" in tree
    assert any(path.startswith("templates/") for path in tree)
    assert "static/js/app.mjs" in tree and "static/officers/admin.js" in tree
    assert not any(
        part in SKIPPED_DIRS
        for path in tree
        if not path.endswith(SCRIPT_SUFFIXES)
        for part in path.split("/")[:-1]
    )


def test_each_rule_and_format_is_defined_once(tree):
    found = definitions(tree)
    assert {name: len(places) for name, places in found.items()} == dict.fromkeys(found, 1), found
    assert found["RAG scale"][0].startswith("childrens_services/rag.py")
    assert found["amber tolerance"][0].startswith("childrens_services/rag.py")
    assert found["money formatter"][0].startswith(FORMATTING)
    assert found["money parser"][0].startswith(FORMATTING)
    assert found["time between dates"][0].startswith(FORMATTING)
    assert found["authorities a picker offers"][0].startswith("childrens_services/permissions.py")
    assert found["illustrative demo row"][0].startswith("childrens_services/models.py")
    for rule in ("clear days", "working days", "months on from a day", "bank holidays"):
        assert found[rule][0].startswith("childrens_services/calendar_days.py"), rule


def test_no_rule_or_format_is_copied_by_hand(tree):
    found = copies(tree)
    assert found == dict.fromkeys(found, []), found


# Each check fails on a copy put back: the tree with one more copy of each rule and format.
REINTRODUCED = {
    "savings/computations.py": 'class Rag(StrEnum):\n    RED = "red"\n',
    "mandates/status.py": 'AMBER_TOLERANCE = Decimal("0.10")\n',
    "commissioning/models/contracts.py": "def renewal_date_expression():\n"
    "    dates = [d for d in (self.review_date, self.end_date) if d]\n",
    "mandates/models/milestones.py": "    def overdue_q(cls, today):\n"
    "        return today > due and status != DONE\n",
    "savings/admin.py": 'def money(value):\n    return f"£{value:,}"\n'
    "def elapsed(start, end):\n    return f'{(end - start).days} days'\n",
    "decisions/models/notices.py": "def clear_days(a, b):\n    return (b - a).days - 1\n"
    "def add_working_days(start, n):\n    pass\n"
    "def months_on(day, n):\n    pass\n"
    "import holidays\n"
    "def illustrative_field():\n    pass\n"
    "    illustrative = models.BooleanField(default=False)\n",
    "dashboards/scope.py": "def authorities_with_records(user):\n"
    "    return Authority.objects.filter(Exists(mandates.filter(authority=OuterRef('pk'))))\n",
    "commissioning/imports.py": "def parse_money(text):\n"
    '    return Decimal(text.replace("£", "").replace(",", ""))\n',
    "mandates/models/sections.py": '        number = f"{self.value.normalize():f}"\n',
    "static/js/app.mjs": 'axis.textContent = "£" + (value / 1e6).toFixed(1) + "m";\n',
    "templates/dashboards/pages/overview.html": "£{{ total|floatformat:0|intcomma }}\n"
    '{{ on|date:"j M Y" }}\n'
    '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Table">\n',
}


def test_every_check_fails_on_a_copy_put_back(tree):
    copied = {path: tree.get(path, "") + "\n" + extra for path, extra in REINTRODUCED.items()}
    worse = {**tree, **copied}
    found = definitions(worse)
    assert all(len(places) == 2 for places in found.values()), found
    assert all(copies(worse).values()), copies(worse)

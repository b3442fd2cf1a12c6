"""The service navigation marks exactly one section as the current one: a plain function."""

from __future__ import annotations

import pytest

from childrens_services.context_processors import current_section

HREFS = {
    "home": "/",
    "dashboards:overview": "/dashboards/",
    "dashboards:savings": "/dashboards/savings/",
    "dashboards:contracts": "/dashboards/contracts/",
    "mandates:list": "/mandates/",
    "dashboards:compare": "/dashboards/compare/",
    "reports:list": "/reports/",
    "benchmarks:index": "/benchmarks/",
}


@pytest.mark.parametrize(
    ("path", "namespace", "section"),
    [
        ("/", "", "home"),
        ("/dashboards/", "dashboards", "dashboards:overview"),
        # Under the overview's address and a section's own: the section alone.
        ("/dashboards/savings/", "dashboards", "dashboards:savings"),
        ("/dashboards/savings/lines/4/", "dashboards", "dashboards:savings"),
        ("/dashboards/contracts/renewals/", "dashboards", "dashboards:contracts"),
        ("/dashboards/compare/", "dashboards", "dashboards:compare"),
        ("/dashboards/budgets/", "dashboards", "dashboards:overview"),
        ("/mandates/3/", "mandates", "mandates:list"),
        ("/reports/meetings/2/", "governance", "reports:list"),
        ("/benchmarks/205/measures/7/", "benchmarks", "benchmarks:index"),
        # Apps with no section of their own are read from one.
        ("/savings/programmes/2/", "savings", "dashboards:savings"),
        ("/commissioning/plan/205/", "commissioning", "dashboards:overview"),
        ("/accounts/password-reset/", "", None),
    ],
)
def test_each_page_is_in_one_section(path, namespace, section):
    assert current_section(path, namespace, HREFS) == section

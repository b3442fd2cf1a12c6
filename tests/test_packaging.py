"""A built wheel holds every app the settings install, and nothing of the harness or tests.

``pyproject.toml`` once listed only some apps, so a wheel lacked ``benchmarks`` and
``dashboards`` while the settings installed them. The expected set is read from
``INSTALLED_APPS`` (the project's own apps, those in this tree), so a new app left out of the
package list fails here. What the wheel deliberately leaves out (templates, static files,
fixtures) is explained in ``docs/deployment.md``, "Packaging".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "var", "build", "*.egg-info", "__pycache__", "*.pyc"
)


def project_apps() -> set[str]:
    """The installed apps that are top-level packages of this source tree (not of the venv)."""
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the tree, so the build leaves nothing in the working tree."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    return wheel


def test_the_wheel_holds_every_installed_app_and_nothing_else(tmp_path):
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        names = wheel.namelist()
    top_level = {name.split("/")[0] for name in names if name.endswith(".py")}

    assert project_apps() >= {"childrens_services", "governance", "benchmarks", "dashboards"}
    assert top_level == project_apps()
    in_tree = {
        path.relative_to(ROOT).as_posix()
        for app in project_apps()
        for path in (ROOT / app).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert in_tree - set(names) == set(), "every module, migration and template tag ships"

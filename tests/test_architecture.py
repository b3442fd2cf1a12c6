"""Imports point one way: the core knows no app, the apps sit in layers, the product never
imports the perf harness. The contracts, with why, are in ``pyproject.toml``
(``[tool.importlinter]``)."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept(capsys):
    result = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert result == 0, capsys.readouterr().out


def test_a_function_local_import_breaks_the_contract(tmp_path, monkeypatch, capsys):
    """The core's old cycles hid in functions (``from governance.models import ...`` inside a
    method), so the linter must see those too, not only imports at the top of a module."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text(
        "def owner_label():\n    from app.models import Authority\n\n    return Authority\n"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text("Authority = object\n")
    config = tmp_path / "contracts.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["core", "app"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "core imports no app"\n'
        'type = "forbidden"\n'
        'source_modules = ["core"]\n'
        'forbidden_modules = ["app"]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    assert lint_imports(config_filename=str(config), no_cache=True) == 1
    assert "core -> app.models" in capsys.readouterr().out

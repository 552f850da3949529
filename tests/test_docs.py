"""Docs checked by tests: the README's two commands, every CLI command and setting, its layout example."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from budget_lod.cli import build_parser
from budget_lod.config import DEFAULTS
from budget_lod.specs.layout import build_layout, layout_files, norm

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(sub.choices)


def test_readme_starts_with_exactly_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [ln for ln in first_block.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(commands) == 2
    assert "budget_lod demo" in commands[0] and "pip install" in commands[0]
    assert commands[1].startswith("bash .ci/run")
    assert README.index("```bash") < 200  # within the first lines


def test_ci_runs_the_tests():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "pytest" in ci and "apt-get install" in ci


def test_every_cli_command_is_documented():
    for name in _subcommands():
        assert f"budget-lod {name}" in README, f"README does not document `budget-lod {name}`"


def test_every_setting_is_documented():
    for env in DEFAULTS:
        assert env in README, f"README does not document {env}"


def test_readme_layout_example_through_budget_lod_specs(tmp_path, monkeypatch):
    from budget_lod.specs.layout import load_layout

    snippet = re.search(r"```toml\n(.*?)```", README, re.S).group(1)
    (tmp_path / "tables-my-province.toml").write_text(snippet, encoding="utf-8")
    title = norm("基本支出经济分类明细表")
    assert load_layout().table_kind(title) is None
    monkeypatch.setenv("BUDGET_LOD_SPECS", str(tmp_path))
    assert load_layout().table_kind(title) == "general_budget_basic_expenditure"
    assert "BUDGET_LOD_SPECS" in README


def test_readme_layout_example_teaches_a_new_title():
    snippet = re.search(r"```toml\n(.*?)```", README, re.S).group(1)
    extra = tomllib.loads(snippet)
    title = norm("2026年基本支出经济分类明细表")
    before = build_layout(layout_files())
    after = build_layout(layout_files() + [("tables-readme.toml", extra)])
    assert after.table_kind(title) == "general_budget_basic_expenditure"
    assert before.table_kind(title) is None  # unknown until the example teaches it
    assert len(after.spec("general_budget_basic_expenditure").titles) == \
        len(before.spec("general_budget_basic_expenditure").titles) + 1

"""Indicator targets as printed → comparator, numeric value and unit (specs/projects.toml comparators)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.projects import parse_target, slug


@pytest.mark.parametrize("printed,expected", [
    ("≥98%", (">=", Decimal("98"), "%")),
    ("≥4 套", (">=", Decimal("4"), "套")),
    ("≤2万元", ("<=", Decimal("2"), "万元")),
    ("≤1.4万元", ("<=", Decimal("1.4"), "万元")),
    ("100%", ("=", Decimal("100"), "%")),
    ("90%", ("=", Decimal("90"), "%")),
    ("＞3次", (">", Decimal("3"), "次")),
    ("不低于95%", (">=", Decimal("95"), "%")),
    ("=1", ("=", Decimal("1"), None)),
    ("持续提升", (None, None, None)),
    ("效果明显", (None, None, None)),
])
def test_parse_target(printed, expected):
    assert parse_target(printed) == expected


def test_slug_is_stable_and_ignores_spacing():
    assert slug("12345 热线 分中心") == slug("12345 热线分中心")
    assert slug("a") != slug("b")
    assert slug("政务服务与政务管理").startswith("p") and len(slug("x")) == 13

"""Property tests for the arithmetic core: parsing printed amounts and converting units, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget_lod.model.amounts import parse_amount, precision_of, to_yuan

cents = st.integers(min_value=-10**13, max_value=10**13)


def printed(value_cents: int, thousands: bool) -> str:
    sign = "-" if value_cents < 0 else ""
    whole, frac = divmod(abs(value_cents), 100)
    w = f"{whole:,}" if thousands else str(whole)
    return f"{sign}{w}.{frac:02d}"


@given(cents, st.booleans())
def test_parse_round_trips_printed_amounts(value_cents, thousands):
    text = printed(value_cents, thousands)
    assert parse_amount(text) == Decimal(value_cents).scaleb(-2)
    assert parse_amount(text).as_tuple().exponent == -2  # printed scale is kept


@given(cents)
def test_wan_to_yuan_is_exact(value_cents):
    wan = Decimal(value_cents).scaleb(-2)  # an amount printed to 0.01 万元
    yuan = to_yuan(wan, "万元")
    assert yuan == wan * 10000  # no rounding at all: 0.01 万元 = 100 元
    assert yuan / 10000 == wan


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30))
def test_children_sum_to_parent_after_conversion(children_cents):
    """Converting each child and the parent separately never breaks parent = Σ children."""
    kids = [Decimal(c).scaleb(-2) for c in children_cents]
    parent = sum(kids, Decimal(0))
    assert to_yuan(parent, "万元") == sum((to_yuan(k, "万元") for k in kids), Decimal(0))


@pytest.mark.parametrize("blank", ["", "  ", "-", "—", None])
def test_blank_is_none_not_zero(blank):
    assert parse_amount(blank) is None


def test_zero_is_zero_not_blank():
    assert parse_amount("0.00") == Decimal("0.00")


@pytest.mark.parametrize("text", ["12.3.4", "abc", "1,23", "９５４.06x"])
def test_garbage_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_wrapped_cell_spaces_are_ignored():
    assert parse_amount("9,540,\n600.00") == Decimal("9540600.00")


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown unit"):
        to_yuan(Decimal(1), "美元")


def test_precision_of_printed_values():
    assert precision_of(Decimal("954.06")) == Decimal("0.01")
    assert precision_of(Decimal("839")) == Decimal("1")

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


@pytest.mark.parametrize("text, value", [
    ("-1,234.00", "-1234.00"),  # ASCII hyphen-minus
    ("−1,234.00", "-1234.00"),  # U+2212 minus sign
    ("–1,234.00", "-1234.00"),  # U+2013 en dash, as typeset minus
    ("–1234.5", "-1234.5"),
    ("(1,234.00)", "-1234.00"),  # accountants' parentheses
    ("(12)", "-12"),
    ("1，234.00", "1234.00"),  # full-width comma as thousands separator
    ("12,345,678.90", "12345678.90"),
    ("1 234.00", "1234.00"),
])
def test_signs_and_separators_as_printed(text, value):
    got = parse_amount(text)
    assert got == Decimal(value)
    assert str(got) == value  # the printed scale, exactly


@pytest.mark.parametrize("text", ["(12", "12)", "((12))", "-(12)", "1,2345.00", "--1"])
def test_half_parenthesised_or_malformed_numbers_are_refused(text):
    with pytest.raises(ValueError, match=r"not an amount: "):
        parse_amount(text)


def test_the_refusal_names_the_text():
    with pytest.raises(ValueError) as info:
        parse_amount("12.3.4")
    assert str(info.value) == "not an amount: '12.3.4'"


def test_the_unknown_unit_error_lists_the_known_ones():
    with pytest.raises(ValueError) as info:
        to_yuan(Decimal(1), "美元")
    assert str(info.value) == "unknown unit of amounts: '美元' (known: 元, 万元, 千元, 亿元)"


@pytest.mark.parametrize("unit, yuan", [("元", "12.35"), ("千元", "12345.60"), ("万元", "123456.00"),
                                        ("亿元", "1234560000.00")])
def test_every_unit_converts_exactly_to_the_fen(unit, yuan):
    got = to_yuan(Decimal("12.3456"), unit)
    assert got == Decimal(yuan) and str(got) == yuan


def test_precision_of_integers_and_positive_exponents():
    assert str(precision_of(Decimal("12.345"))) == "0.001"
    assert precision_of(Decimal("1E+2")) == Decimal(1)  # never coarser than the unit itself
    assert precision_of(Decimal("0")) == Decimal(1)

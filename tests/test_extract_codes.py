"""Full codes rebuilt from a code column printing only each level's own digits (``extract.codes``): by the
indentation of the codes, of the names, or by the sums when nothing is indented. Every expected code is the
code the hierarchy of the fixture states (written out by hand); every fixture's sums are checked first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.codes import PrintedCode, full_codes, has_short_codes
from budget_lod.model.document import Amount

FUNCTIONAL = (3, 2, 2)
ECONOMIC = (3, 2)


def _amount(printed: str, unit: str = "元") -> Amount:
    value = Decimal(printed)
    factor = Decimal(10000) if unit == "万元" else Decimal(1)
    return Amount((value * factor).quantize(Decimal("0.01")), printed, unit,
                  Decimal(1).scaleb(value.as_tuple().exponent), 1)


def _rows(spec, unit: str = "元") -> list[PrintedCode]:
    """``(digits, total, code_x, name_x)`` → rows (total ``None``: no amount printed)."""
    return [PrintedCode(d, {"total": _amount(t, unit)} if t else {}, cx, nx) for d, t, cx, nx in spec]


def _adds_up(spec, codes, unit_slack=Decimal(0)):
    """The fixture's own arithmetic, by the expected codes: each parent is the sum of its children."""
    by = {c: Decimal(t) for (_, t, _, _), c in zip(spec, codes) if c and t}
    for code, total in by.items():
        kids = [v for c, v in by.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if kids:
            assert abs(sum(kids, Decimal(0)) - total) <= unit_slack * len(kids), code


# 合计 first, 201 with 款 03 (项 01, 02) and 05 (项 01); 208 with 款 05 (项 01, 02)
CODES = ["", "201", "20103", "2010301", "2010302", "20105", "2010501", "208", "20805", "2080501", "2080502"]
TOTALS = ["350.00", "300.00", "100.00", "60.00", "40.00", "200.00", "200.00", "50.00", "50.00", "30.00", "20.00"]
DIGITS = ["", "201", "03", "01", "02", "05", "01", "208", "05", "01", "02"]
DEPTH = [0, 0, 1, 2, 2, 1, 2, 0, 1, 2, 2]


def test_the_fixture_adds_up():
    spec = [(d, t, None, None) for d, t in zip(DIGITS, TOTALS)]
    _adds_up(spec, CODES)
    assert Decimal(TOTALS[0]) == Decimal(TOTALS[1]) + Decimal(TOTALS[7])


def test_levels_by_the_indentation_of_the_codes():
    # the sums are scrambled: only the indentation can tell 款 from 项
    spec = [(d, "1.00" if d else None, 10.0 + 8 * k, 60.0) for d, k in zip(DIGITS, DEPTH)]
    assert full_codes(_rows(spec), FUNCTIONAL) == CODES


def test_levels_by_the_indentation_of_the_names():
    spec = [(d, "1.00" if d else None, 10.0, 60.0 + 9 * k) for d, k in zip(DIGITS, DEPTH)]
    assert full_codes(_rows(spec), FUNCTIONAL) == CODES


def test_levels_by_the_sums_when_nothing_is_indented():
    spec = [(d, t, 10.0, 60.0) for d, t in zip(DIGITS, TOTALS)]
    assert full_codes(_rows(spec), FUNCTIONAL) == CODES


def test_sums_within_the_printed_precision():
    # 万元 rounded row by row: 款 03 = 100.01 while its 项 print 50.00 + 50.00
    spec = [("201", "300.01", 10.0, 60.0), ("03", "100.01", 10.0, 60.0), ("01", "50.00", 10.0, 60.0),
            ("02", "50.00", 10.0, 60.0), ("05", "200.00", 10.0, 60.0), ("01", "200.00", 10.0, 60.0)]
    codes = ["201", "20103", "2010301", "2010302", "20105", "2010501"]
    _adds_up(spec, codes, unit_slack=Decimal("0.01"))
    assert full_codes(_rows(spec, "万元"), FUNCTIONAL) == codes


def test_a_table_down_to_the_kuan_only():
    spec = [("201", "300.00", 10.0, 60.0), ("03", "100.00", 10.0, 60.0), ("05", "200.00", 10.0, 60.0),
            ("208", "50.00", 10.0, 60.0), ("05", "50.00", 10.0, 60.0)]
    codes = ["201", "20103", "20105", "208", "20805"]
    _adds_up(spec, codes)
    assert full_codes(_rows(spec), FUNCTIONAL) == codes


def test_a_lei_without_children_and_the_total_row_last():
    spec = [("201", "10.00", 10.0, 60.0), ("208", "50.00", 10.0, 60.0), ("05", "50.00", 18.0, 69.0),
            ("01", "50.00", 26.0, 78.0), ("221", "5.00", 10.0, 60.0), ("", "65.00", None, None)]
    assert full_codes(_rows(spec), FUNCTIONAL) == ["201", "208", "20805", "2080501", "221", ""]


def test_economic_codes_have_two_levels():
    spec = [("301", "30.00", 10.0, 60.0), ("01", "10.00", 10.0, 60.0), ("02", "20.00", 10.0, 60.0),
            ("302", "7.00", 10.0, 60.0), ("01", "7.00", 10.0, 60.0)]
    assert full_codes(_rows(spec), ECONOMIC) == ["301", "30101", "30102", "302", "30201"]


def test_full_codes_among_short_ones():
    spec = [("201", "3.00", 10.0, 60.0), ("20103", "3.00", 10.0, 60.0), ("01", "1.00", 10.0, 60.0),
            ("02", "2.00", 10.0, 60.0), ("2080501", "4.00", 10.0, 60.0), ("02", "4.00", 10.0, 60.0)]
    assert full_codes(_rows(spec), FUNCTIONAL) == ["201", "20103", "2010301", "2010302", "2080501", "2080502"]


@pytest.mark.parametrize("digits, short", [(["201", "20103", "2010301"], False), (["201", "03"], True),
                                           (["", "301", "30101"], False)])
def test_short_codes_are_noticed(digits, short):
    assert has_short_codes([PrintedCode(d, {}) for d in digits], FUNCTIONAL) is short

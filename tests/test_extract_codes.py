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


# --- the decisions one at a time (issue 12: tests that notice a changed comparison) ----------------------------

from budget_lod.extract.codes import _adds_up as adds_up, _by_indent  # noqa: E402


def _code(digits: str, **amounts: str) -> PrintedCode:
    return PrintedCode(digits, {m: _amount(v) for m, v in amounts.items()})


def _flat(spec) -> list[PrintedCode]:
    """``(digits, total)`` → rows with nothing indented (only the sums can tell the levels apart)."""
    return [_code(d, total=t) for d, t in spec]


@pytest.mark.parametrize("parent, children, adds", [
    ({"total": "100.00"}, [{"total": "60.00"}, {"total": "40.00"}], True),
    ({"total": "100.00"}, [{"total": "60.00"}, {"total": "40.02"}], False),  # 0.02 > 3 × 0.01 / 2
    ({"total": "100.00"}, [{"total": "60.00"}, {"total": "40.01"}], True),  # 0.01 ≤ 0.015
    ({"total": "100"}, [{"total": "50.00"}, {"total": "50.50"}], True),  # the parent printed to 1 元: slack 0.51
    ({"total": "100"}, [{"total": "50.00"}, {"total": "50.52"}], False),
    ({"total": "100.0"}, [{"total": "50.00"}, {"total": "50.05"}], True),  # slack (0.1 + 0.02) / 2 = 0.06
    ({"total": "100.0"}, [{"total": "50.00"}, {"total": "50.07"}], False),
    ({"total": "100"}, [{"total": "101"}], True),  # a difference of exactly the slack (1 元) still adds up
    ({"total": "100"}, [{"total": "102"}], False),
    ({"total": "100.00"}, [{"total": "100.00", "basic": "0.05"}], False),  # a measure only the children print
    ({"total": "100.00"}, [{"total": "100.00", "basic": "0.00"}], True),  # … adds up when it sums to nothing
    ({}, [{}], False),  # nothing to compare: no evidence
    ({"total": "100.00", "basic": "10.00"}, [{"total": "100.00", "basic": "10.00"}], True),
    ({"total": "100.00", "basic": "10.00"}, [{"total": "100.00", "basic": "10.10"}], False),  # every measure
])
def test_adds_up(parent, children, adds):
    assert adds_up(_code("1", **parent), [_code("2", **c) for c in children]) is adds


@pytest.mark.parametrize("x, seen, candidates, level", [
    (None, {2: 10.0, 3: 20.0}, [2, 3], None),  # no position printed
    (10.5, {2: 10.0, 3: 20.0}, [2, 3], 2),
    (21.5, {2: 10.0, 3: 20.0}, [2, 3], 3),  # exactly _TOL away: still that level
    (21.6, {2: 10.0, 3: 20.0}, [2, 3], None),
    (15.0, {2: 10.0, 3: 20.0}, [2, 3], None),  # between the levels: indentation cannot tell
    (12.0, {2: 10.0, 3: 11.0}, [2, 3], None),  # levels printed at the same indentation
    (13.0, {2: 10.0, 3: 11.5}, [2, 3], None),  # exactly _TOL apart is not told apart either
    (22.0, {2: 10.0, 3: 20.0, 4: 21.0}, [2, 3, 4], None),  # any two levels too close: no answer
    (20.0, {2: 10.0}, [2, 3], 3),  # indented past the only level seen: the next one down
    (11.5, {2: 10.0}, [2, 3], None),  # exactly _TOL past it: not indented
    (11.6, {2: 10.0}, [2, 3], 3),
    (5.0, {2: 10.0}, [2, 3], None),
    (20.0, {}, [2, 3], None),  # nothing seen yet
    (20.0, {3: 10.0}, [2, 3], None),  # past the deepest level: no deeper candidate
    (20.0, {2: 10.0}, [2, 4], None),  # the next level down is no candidate
    (20.0, {2: 10.0, 5: 1.0}, [2, 3], 3),  # levels no candidate are not looked at
])
def test_by_indent(x, seen, candidates, level):
    assert _by_indent(x, seen, candidates) == level


@pytest.mark.parametrize("spec, levels, codes", [
    # a 款 printed in full first: the 类 is not open
    ([("20103", "60.00"), ("01", "60.00")], FUNCTIONAL, ["20103", "2010301"]),
    # a 款 printed in full under its 类, then a short code that does not add up to it: the next 款
    ([("201", "100.00"), ("20103", "60.00"), ("01", "40.00")], FUNCTIONAL, ["201", "20103", "20101"]),
    # a 项 printed in full under its 款 (kept open): the next short code, once the 款 is complete, opens a 款
    ([("201", "100.00"), ("20103", "60.00"), ("2010301", "60.00"), ("02", "40.00")], FUNCTIONAL,
     ["201", "20103", "2010301", "20102"]),
    # a 项 printed in full under another 款: that 款 is not the open one
    ([("201", "100.00"), ("20103", "60.00"), ("2010501", "60.00"), ("02", "60.00")], FUNCTIONAL,
     ["201", "20103", "2010501", "2010502"]),
    # 项 of an earlier 款 do not count for the next one
    ([("201", "120.00"), ("03", "60.00"), ("01", "60.00"), ("05", "60.00"), ("01", "60.00")], FUNCTIONAL,
     ["201", "20103", "2010301", "20105", "2010501"]),
    # a row between that is no 项 does not count towards the 款 either
    ([("201", "100.00"), ("03", "60.00"), ("01", "60.00"), ("9999", "5.00"), ("05", "40.00")], FUNCTIONAL,
     ["201", "20103", "2010301", "9999", "20105"]),
    # the 项 that may add up to a 款 are the short codes right under it, up to the first other row
    ([("201", "100.00"), ("03", "100.00"), ("01", "60.00"), ("208", "40.00")], FUNCTIONAL,
     ["201", "20103", "20101", "208"]),
    ([("201", "100.00"), ("03", "100.00"), ("01", "60.00"), ("", "40.00"), ("02", "40.00")], FUNCTIONAL,
     ["201", "20103", "20101", "", "20102"]),
    # a short code of a width no open level has stays as printed, and the rows after it are read on
    ([("201", "1.00"), ("5", "1.00"), ("202", "2.00"), ("03", "2.00")], (3, 2, 1), ["201", "5", "202", "20203"]),
])
def test_full_codes_decisions(spec, levels, codes):
    assert full_codes(_flat(spec), levels) == codes


def test_no_levels_no_short_codes():
    assert has_short_codes([PrintedCode("03", {})], ()) is False
    assert has_short_codes([PrintedCode("03", {})], (3, 2)) is True
    assert has_short_codes([PrintedCode("", {}), PrintedCode("301", {})], (3, 2)) is False

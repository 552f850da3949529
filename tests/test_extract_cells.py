"""Cell normalisation (``extract/cells.py``): printed amounts → :class:`Amount`, code cells → digits, wrapped
labels joined, fallback slugs. Expected values are written out by hand from the printed text."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from budget_lod.extract.cells import amount, digits, fallback_slug, label


@pytest.mark.parametrize("printed, unit, yuan, kept, precision", [
    ("954.06", "万元", "9540600.00", "954.06", "0.01"),
    ("9,540,600.00", "元", "9540600.00", "9,540,600.00", "0.01"),
    ("12", "千元", "12000.00", "12", "1"),
    ("-1,234.00", "元", "-1234.00", "-1,234.00", "0.01"),
    ("–1,234.00", "元", "-1234.00", "–1,234.00", "0.01"),  # en dash as minus
    ("−5.5", "万元", "-55000.00", "−5.5", "0.1"),  # U+2212
    ("（1,234.00）", "元", "-1234.00", "(1,234.00)", "0.01"),  # full-width parentheses, NFKC-folded
    ("(1,234.00)", "元", "-1234.00", "(1,234.00)", "0.01"),
    ("１２３.４５", "万元", "1234500.00", "123.45", "0.01"),  # full-width digits
    ("9,540,\n600.00", "元", "9540600.00", "9,540,600.00", "0.01"),  # wrapped in its cell
    (" 0.00 ", "万元", "0.00", "0.00", "0.01"),  # zero is an amount, not a blank
])
def test_printed_amounts(printed, unit, yuan, kept, precision):
    a = amount(printed, unit, 7)
    assert a is not None
    assert a.yuan == Decimal(yuan) and str(a.yuan) == yuan
    assert a.printed == kept and a.unit == unit and a.page == 7
    assert str(a.precision) == precision


@pytest.mark.parametrize("blank", ["", " ", "\n", "-", "—", "——", "–", "−", "－", "─", "/", "--", "　", "abc", "12.3.4",
                                   "1,2345"])
def test_blanks_placeholders_and_text_are_no_amount(blank):
    assert amount(blank, "万元", 1) is None


def test_unknown_unit_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="unknown unit"):
        amount("1.00", "美元", 1)


@pytest.mark.parametrize("text, expected", [("2010301", "2010301"), ("201030\n1", "2010301"), (" 301 ", "301"),
                                             ("合计", ""), ("[201] 一般", "201"), ("", "")])
def test_digits_of_a_code_cell(text, expected):
    assert digits(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("一般公共\n服务支出", "一般公共服务支出"),  # no break between Chinese characters
    ("Vehicle\npurchase", "Vehicle purchase"),  # ASCII words keep one space
    ("Route\n66", "Route 66"),
    ("2024\n年", "2024年"),  # ASCII then Chinese: no space
    ("费用\nA类", "费用A类"),  # Chinese then ASCII: no space
    ("  行政运行  \n\n", "行政运行"),
    ("a.\nb", "a.b"),  # punctuation is not alphanumeric: no space
    ("x\n\n y", "x y"),
    ("é\nb", "éb"),  # not ASCII: no space
    ("", ""),
    ("一般 公共\n预算", "一般 公共预算"),  # white space within a line is the label's own
])
def test_wrapped_labels_are_joined(text, expected):
    assert label(text) == expected


def test_fallback_slug_is_a_hash_of_the_normalised_label():
    s = fallback_slug("其他支出")
    assert s == fallback_slug("其他支出") and s.startswith("x") and len(s) == 9
    assert s[1:] == hashlib.sha256("其他支出".encode("utf-8")).hexdigest()[:8]
    assert fallback_slug("其他支出") != fallback_slug("其他收入")

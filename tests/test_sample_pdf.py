"""The rendered sample PDF: deterministic, a Chinese text layer, ruled tables, wrapped codes, continuations.

Expected values come from the data file (whose arithmetic ``test_sample_figures`` checks) and from the
layout rules the sample promises, read back with pdfplumber.
"""

from __future__ import annotations

import hashlib
import re

import pdfplumber
import pytest

from budget_lod.sample import load_figures, load_raw, sample_layout, write_sample_pdf

HEADER_LINE = "434 平乡县人民政府办公室 预算年度：2025 单位：万元"


class _Page(dict):
    """A page's text lines; its words and ruling-based tables are found only when first asked for."""

    def __init__(self, page):
        super().__init__(lines=page.extract_text().splitlines())
        self._page = page

    def __missing__(self, key):
        if key == "words":
            self[key] = self._page.extract_words()
        elif key == "tables":
            self[key] = self._page.extract_tables()
        elif key == "rects":
            self[key] = len(self._page.rects) + len(self._page.lines)
        else:
            raise KeyError(key)
        return self[key]


@pytest.fixture(scope="module")
def pages(sample_pdf):
    """Per page: its text lines, words, ruling count and the tables pdfplumber finds from the rulings."""
    with pdfplumber.open(sample_pdf) as pdf:
        yield [_Page(page) for page in pdf.pages]


def _title_pages(pages, title):
    """1-based numbers of the pages (the 目录 excluded) that carry ``title`` as a line of its own."""
    return [n for n, p in enumerate(pages, start=1) if n > 2 and title in (ln.strip() for ln in p["lines"])]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_is_written_and_deterministic(sample_pdf, tmp_path):
    assert sample_pdf.read_bytes().startswith(b"%PDF-")
    again = write_sample_pdf(tmp_path / "nested" / "again.pdf")
    assert again == tmp_path / "nested" / "again.pdf"
    assert _sha(again) == _sha(sample_pdf)


def test_cover_and_chinese_text_layer(pages):
    cover = "".join(pages[0]["lines"])
    assert "平乡县人民政府办公室" in cover and "2025年部门预算" in cover
    text = "\n".join("\n".join(p["lines"]) for p in pages)
    for figure in ("954.06", "653.66", "300.40", "614.10", "39.56", "529.20", "13053225P00273514028L"):
        assert figure in text
    assert "“三公”经费" in text and "一般公共服务支出" in text


def test_every_table_has_a_title_page_with_the_header_line(pages):
    raw = load_raw()
    for t in raw["tables"]:
        found = _title_pages(pages, t["title"])
        assert len(found) == 1, t["title"]
        lines = [ln.strip() for ln in pages[found[0] - 1]["lines"]]
        assert lines[lines.index(t["title"]) + 1] == HEADER_LINE
        assert pages[found[0] - 1]["rects"] > 10, "tables are ruled"


def test_contents_lists_every_table_with_its_page(pages):
    raw = load_raw()
    toc = pages[1]["lines"]
    assert toc[0].replace(" ", "") == "目录"
    titles = [t["title"] for t in raw["tables"]] + [raw["procurement"]["title"], raw["assets"]["title"]]
    titles += [f"{p['number']}、{p['name']}绩效目标表" for p in raw["projects"]]
    for title in titles:
        entry = next(ln for ln in toc if title in ln)
        page = int(re.search(r"(\d+)$", entry).group(1))
        assert title in "\n".join(pages[page - 1]["lines"]), (title, page)


def test_page_numbers_in_footer(pages):
    for n, p in enumerate(pages, start=1):
        if n == 1:
            assert not p["lines"][-1].strip().isdigit()
            continue
        lowest = max(p["words"], key=lambda w: w["bottom"])
        assert lowest["text"] == str(n)


def _continuation_pages(pages, title):
    """Pages of the table that starts under ``title``: its page and the following untitled ones."""
    start = _title_pages(pages, title)[0]
    out = [start]
    n = start + 1
    while n <= len(pages) and pages[n - 1]["lines"][0].strip() == HEADER_LINE:
        out.append(n)
        n += 1
    return out


def test_narrow_code_column_wraps_seven_digit_codes(pages):
    fig = load_figures()
    for kind in ("income_summary", "expenditure_summary"):
        table = fig["tables"][kind]
        title_pages = _continuation_pages(pages, table["title"])
        words = [w for n in title_pages for w in pages[n - 1]["words"]]
        wrapped = 0
        for code in (r["code"] for r in table["rows"] if len(r.get("code", "")) == 7):
            heads = [w for w in words if w["text"] == code[:6]]
            tails = [w for w in words if w["text"] == code[6:]]
            pairs = [
                (h, t) for h in heads for t in tails if abs(h["x0"] - t["x0"]) < 1 and 0 < t["top"] - h["top"] < 14
            ]
            wrapped += bool(pairs)
            assert not any(w["text"] == code for w in words), f"{code} should not fit on one line"
        assert wrapped >= 7, kind  # 2101102 of the expenditure summary is split across the page break


def test_general_budget_table_reads_back_exactly(pages):
    """pdfplumber's ruling-based table finder gets every cell of a one-page table back, blanks blank."""
    table = load_raw()["tables"][4]
    assert table["kind"] == "general_budget_expenditure"
    (n,) = _title_pages(pages, table["title"])
    (grid,) = pages[n - 1]["tables"]
    body = [row for row in grid if row[0] and row[0].isdigit()]
    assert body == table["rows"]


def test_table_continues_over_page_break_with_header_repeated_and_split_code(pages):
    raw = next(t for t in load_raw()["tables"] if t["kind"] == "expenditure_summary")
    first, second = _continuation_pages(pages, raw["title"])
    p1, p2 = pages[first - 1], pages[second - 1]
    assert raw["title"] not in "\n".join(p2["lines"])
    for label in ("科目名称", "栏次", "项目支出"):
        assert label in "\n".join(p2["lines"])
    # row 14 (2101102) starts on the first page, the code's last digit continues on the next
    head = max((w for w in p1["words"] if w["text"] == "210110"), key=lambda w: w["top"])
    rows1 = [r for t in p1["tables"] for r in t]
    rows2 = [r for t in p2["tables"] for r in t]
    assert rows1[-1][:3] == ["14", "210110", "事业单位医疗"]
    fragment = rows2[rows2.index(next(r for r in rows2 if r[0] == "栏次")) + 1]
    assert fragment[0] == "" and fragment[1] == "2" and not any(fragment[2:])
    tail = next(w for w in p2["words"] if w["text"] == "2" and abs(w["x0"] - head["x0"]) < 1)
    assert tail["top"] < 200
    # the rest of the table follows, cells joined from their wrapped lines
    body = [[c.replace("\n", "") for c in r] for r in rows1 + rows2 if r[0] and r[0].isdigit()]
    expected = [r for r in raw["rows"]]
    expected[13] = [c if i != 1 else "210110" for i, c in enumerate(expected[13])]
    assert body == expected


def test_all_standard_tables_read_back(pages):
    """Every standard table, gathered over its pages, gives back the data file's rows on the pages
    ``sample_layout()`` announces."""
    layout = sample_layout()
    for table in load_raw()["tables"]:
        printed = [i for i, c in enumerate(table["columns"]) if c["type"] != "key"]
        rows = []
        row_pages = {}
        spans = _continuation_pages(pages, table["title"])
        assert layout["tables"][table["kind"]]["pages"] == spans
        for n in spans:
            for grid in pages[n - 1]["tables"]:
                after_header = False
                for r in grid:
                    cells = [(c or "").replace("\n", "") for c in r]
                    if cells[0].isdigit():
                        rows.append(cells)
                        row_pages[int(cells[0])] = n
                    elif after_header and cells[0] == "" and rows:  # a row's remainder after a page break
                        rows[-1] = [a + b for a, b in zip(rows[-1], cells)]
                    after_header = cells[0] == "栏次"
        assert rows == [[r[i] for i in printed] for r in table["rows"]], table["title"]
        assert row_pages == layout["tables"][table["kind"]]["row_pages"]


def test_empty_tables_print_their_note(pages):
    raw = load_raw()
    for t in raw["tables"]:
        if t.get("empty"):
            (n,) = _title_pages(pages, t["title"])
            assert t["notes"][0] in pages[n - 1]["lines"]
    text = "".join("".join(p["lines"]) for p in pages)
    for note in raw["procurement"]["notes"]:
        assert note in text


def test_project_tables(pages):
    fig = load_figures()
    text = "\n".join("\n".join(p["lines"]) for p in pages)
    for p in fig["projects"]:
        title = f"{p['number']}、{p['name']}绩效目标表"
        (n,) = _title_pages(pages, title)
        page_text = "\n".join(pages[n - 1]["lines"])
        assert p["code"] in page_text and "单位：万元" in page_text
        assert f"预算数 {p['amount']:.2f} 其中：财政资金 {p['funding']['fiscal']:.2f} 其他资金" in page_text
        for ind in p["indicators"]:
            assert ind["target"] in text
        assert sample_layout()["projects"][p["code"]]["pages"][0] == n
    # a project table continues on the next page with the indicator header repeated
    (n,) = _title_pages(pages, "4、综合业务事务管理绩效目标表")
    nxt = pages[n]["lines"]
    assert any("一级指标 二级指标 三级指标 绩效指标描述 指标值" in ln for ln in nxt[:3])
    assert "综合业务事务保障成本" in "\n".join(nxt)


def test_narrative_keeps_the_figures(pages):
    text = "".join("".join(p["lines"]) for p in pages)
    for phrase in (
        "减少212.54万元",
        "基本支出减少19.58万元",
        "项目支出减少192.96万元",
        "机关运行经费预算安排39.56万元",
        "“三公”经费预算安排17.00万元",
        "减少1.00万元",
        "固定资产金额为529.20万元",
        "拟购置固定资产总额为10.00万元，已按要求列入政府采购预算",
    ):
        assert phrase in text, phrase

"""Project explanations (项目经费情况说明) of the Shanghai corpus PDFs.

Each commerce-commission explanation states its total and its parts in one sentence (年度预算安排); the
expected totals below were read from the PDF and checked against those parts, and the 科技创新专项 total
against the 2060503 科技条件专项 line of the tables (17,200,000.00 元).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.projects import extract_projects, slug


@pytest.fixture(scope="session")
def shanghai_projects(corpus, pages_of):
    out = {}
    for name in ("2025-dept-commerce-commission.pdf", "2025-dept-district-government-office.pdf",
                 "2024-dept-wanli-subdistrict.pdf"):
        out[name.split("-", 2)[2][:-4]] = extract_projects(pages_of(corpus / "shanghai-putuo" / name))
    return out


def test_commerce_explanations(shanghai_projects):
    parts = {
        "科技创新专项经费": ["1720.00"],
        "生命健康专项（政策资金）经费": ["870.00", "70.00", "180.00", "50.00"],
        "商业创新专项（政策资金）经费": ["340.00", "120.00", "800.00", "70.00", "80.00"],
        "贸易高质量发展专项（政策资金）经费": ["370.00", "30.00", "1106.00", "1262.00", "153.00"],
    }
    projects = shanghai_projects["commerce-commission"]
    assert [p.name for p in projects] == list(parts)
    for p, (name, items) in zip(projects, parts.items()):
        assert p.amount.printed == str(sum(Decimal(v) for v in items)), name
        assert p.amount.unit == "万元" and p.amount.yuan == Decimal(p.amount.printed) * 10000
        assert p.code == slug(name) and p.indicators == () and p.funding == {} and p.plan == {}
        assert p.goals == "详见单位的项目绩效目标表"
        assert p.purpose
    assert projects[0].amount.yuan == Decimal("17200000.00")
    assert [p.pages for p in projects] == [(23,), (24,), (25,), (26,)]


def test_explanation_without_an_amount(shanghai_projects):
    (p,) = shanghai_projects["district-government-office"]
    assert p.name == "区政府督查及建议提案工作业务经费"
    assert p.amount is None  # its 年度预算安排 names no figure
    assert p.purpose.startswith("主要推进区委、区政府年度重点工作")


def test_explanation_without_a_name_in_its_title(shanghai_projects):
    (p,) = shanghai_projects["wanli-subdistrict"]
    # titled just “项目经费情况说明”: named by the first clause of its overview
    assert p.name.endswith("万里街道社区公共服务中心新建工程")
    assert p.pages == (33,)
    assert p.code == slug(p.name) and len(p.code) == 13

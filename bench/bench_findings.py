"""Findings precision and recall, per rule, over the corpus and every generated variant.

Each document has a truth: the findings (rule, severity) it really has — for the corpus, checked by hand against
the PDFs (listed below with what they are); for the narrative-style variants (``sample.narrative_styles``), the
findings their planted faults declare; for the layout variants (``sample.variants``), one ``mandated-table``
Violation per mandated table they omit and one finding per planted fault. A finding matches the truth when its
rule and severity do; the document's findings only — reading problems (``category == "reading"``) are counted
apart, as they are the extraction's.

Prints per rule: true positives, false positives, false negatives, precision, recall; then per document its
false Violations and false Warnings (the goal: no false Violation, at most one false Warning a document).

    python3 bench/bench_findings.py [--corpus-only | --variants-only]
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import ROOT

CORPUS = Path(os.environ.get("BUDGET_LOD_CORPUS", ROOT.parent / "shared" / "corpus"))

# The real inconsistencies of the corpus documents, checked by hand (rule, severity) → count.
CORPUS_TRUTH: dict[str, dict[tuple[str, str], int]] = {
    # 10.00 万元 of fixed assets “已按要求列入政府采购预算” while the procurement table is declared empty
    "hebei-sample.pdf": {("procurement-included", "Violation"): 1},
    # item 31: 住房公积金 350.35 / “2024年预算安排352.67万元” vs 3,503,499 元; its 0.53 % (1.19 % from 348.52 → 352.67);
    # item 9: 0.00 → “增加100.00%”; the “三公” table printed with figures under “故本表为空表”; 50 projects, 1 listed
    "shanghai-putuo/2024-dept-wanli-subdistrict.pdf": {
        ("claim-functional-item", "Violation"): 1, ("table-declared-empty", "Violation"): 1,
        ("change-percent", "Warning"): 1, ("change-percent-zero-base", "Warning"): 1, ("project-count", "Info"): 1},
    # 11 projects stated, 1 listed; its explanation states no amount
    "shanghai-putuo/2025-dept-district-government-office.pdf": {("project-count", "Info"): 1,
                                                                 ("project-amount", "Info"): 1},
    # 25 projects stated, 4 listed, covering part of the project expenditure
    "shanghai-putuo/2025-dept-commerce-commission.pdf": {("project-count", "Info"): 1,
                                                         ("projects-cover-part", "Info"): 1},
    # 决算 (final accounts), not budgets: none known in the social-work one; the template's placeholders (XX)
    "shanghai-putuo/2024-final-dept-social-work.pdf": {},
    "shanghai-putuo/2024-final-template.pdf": {("placeholder", "Warning"): 1},
    "jiangsu-province/2017-dept-npc-standing-committee-office.pdf": {},
    # 单位预留机动经费 “增加1557.29万元，增长1312.56%” — over 128.43 that is 1,212.56 %
    "jiangsu-province/2018-dept-npc-standing-committee-office.pdf": {("change-percent", "Warning"): 1},
    # “基本支出预算数为12323.46万元” (tables: 12,323.48); 机关运行经费 “增长129.97%” (3,401.59 / 2,630.96 = 129.29 %)
    "jiangsu-province/2017-dept-procuratorate.pdf": {("claim-vs-table", "Violation"): 1, ("change-percent", "Warning"): 1},
    "jiangsu-province/2017-dept-cppcc-office": {},
    # 行政运行 “增加101.48万元，增长1.66%” — over 6,005.51 that is 1.69 %
    "jiangsu-province/2017-dept-party-committee-office": {("change-percent", "Warning"): 1},
}
LAYOUT_FAULT_RULES = {"claim_vs_table": "claim-vs-table", "parent_vs_children": "parent-sum"}


def _validate(doc):
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.iri import Minter
    from budget_lod.validate import validate_graph

    m = Minter()
    return validate_graph(build_graph(doc, m), m)


def _with_narrative(doc, narrative: Path):
    """A tables document joined to the narrative file of its two-file disclosure (until extraction pairs them:
    the narrative's claims resolved against the tables, its pages after the tables file's)."""
    from budget_lod.extract.narrative import extract_narrative, resolve_claim_codes
    from budget_lod.extract.pdf import open_pdf

    with open_pdf(narrative) as pdf:
        claims, notes, _ = extract_narrative(pdf.pages, doc.tables[0].unit if doc.tables else "万元")
    shift = doc.page_count
    claims = tuple(dataclasses.replace(c, page=c.page + shift) for c in resolve_claim_codes(claims, doc.tables))
    notes = tuple(dataclasses.replace(n, page=n.page + shift) for n in notes)
    return dataclasses.replace(doc, claims=doc.claims + claims, notes=doc.notes + notes)


def _read(main: Path, narrative: Path | None = None):
    from budget_lod.extract import extract_document

    if narrative is not None:
        try:  # once extraction pairs the two files of a disclosure
            from budget_lod.extract.pairing import DisclosureFiles

            return extract_document(DisclosureFiles(main, narrative))
        except (TypeError, AttributeError, ImportError):
            return _with_narrative(extract_document(main), narrative)
    return extract_document(main)


def corpus_cases(folder: Path):
    from budget_lod.sample import write_sample_pdf

    yield "hebei-sample.pdf", _read(write_sample_pdf(folder / "hebei-sample.pdf"))
    for name in CORPUS_TRUTH:
        if name == "hebei-sample.pdf":
            continue
        path = CORPUS / name
        if path.suffix == ".pdf":
            yield name, _read(path)
        else:
            yield name, _read(path.with_name(path.name + ".tables.pdf"), path.with_name(path.name + ".narrative.pdf"))


def style_cases(folder: Path):
    from budget_lod.extract.narrative import extract_narrative, resolve_claim_codes
    from budget_lod.extract.pdf import open_pdf
    from budget_lod.model.document import Document
    from budget_lod.sample.narrative_styles import DEPARTMENT, VARIANTS, YEAR, render, tables

    for name, v in VARIANTS.items():
        printed = tables(v)
        with open_pdf(render(v, folder / f"style-{name}.pdf")) as pdf:
            claims, notes, _ = extract_narrative(pdf.pages, printed[0].unit)
        doc = Document(f"{name}.pdf", "0" * 64, 1, DEPARTMENT, None, None, YEAR, "department", printed,
                       claims=resolve_claim_codes(claims, printed), notes=notes)
        yield f"style:{name}", doc, dict(v.expected)


def layout_cases(folder: Path):
    from budget_lod.sample.truth import MAIN, NARRATIVE
    from budget_lod.sample.variants import VARIANTS

    for name, v in VARIANTS.items():
        files = v.write(folder / f"layout-{name}.pdf")
        doc = _read(files[MAIN], files.get(NARRATIVE))
        truth = Counter({("mandated-table", "Violation"): len(v.missing_tables)} if v.missing_tables else {})
        for fault in v.faults:
            truth[(LAYOUT_FAULT_RULES.get(fault.kind, fault.kind), "Violation")] += 1
        yield f"layout:{name}", doc, dict(truth)


def score(cases) -> tuple[dict, list]:
    per_rule: dict[str, Counter] = {}
    per_doc = []
    for name, doc, truth in cases:
        outcome = _validate(doc)
        found = Counter((f.rule, f.severity) for f in outcome.results if f.category == "document")
        reading = sum(1 for f in outcome.results if f.category == "reading")
        expected = Counter(truth)
        tp, fp, fn = found & expected, found - expected, expected - found
        for (rule, _), n in tp.items():
            per_rule.setdefault(rule, Counter())["tp"] += n
        for (rule, _), n in fp.items():
            per_rule.setdefault(rule, Counter())["fp"] += n
        for (rule, _), n in fn.items():
            per_rule.setdefault(rule, Counter())["fn"] += n
        per_doc.append((name, sum(n for (_, s), n in fp.items() if s == "Violation"),
                        sum(n for (_, s), n in fp.items() if s == "Warning"),
                        sum(n for (_, s), n in fp.items() if s == "Info"), sum(fn.values()), reading,
                        sorted(f"{r}/{s[0]}" for (r, s), n in fp.items() for _ in range(n)),
                        sorted(f"{r}/{s[0]}" for (r, s), n in fn.items() for _ in range(n))))
    return per_rule, per_doc


def report(title: str, per_rule: dict, per_doc: list) -> None:
    print(f"\n== {title}")
    print(f"{'rule':32} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}")
    tot = Counter()
    for rule in sorted(per_rule):
        c = per_rule[rule]
        tot.update(c)
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        print(f"{rule:32} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d} {p:9.2f} {r:7.2f}")
    p = tot["tp"] / (tot["tp"] + tot["fp"]) if tot["tp"] + tot["fp"] else float("nan")
    r = tot["tp"] / (tot["tp"] + tot["fn"]) if tot["tp"] + tot["fn"] else float("nan")
    print(f"{'ALL':32} {tot['tp']:4d} {tot['fp']:4d} {tot['fn']:4d} {p:9.2f} {r:7.2f}")
    print(f"\n{'document':56} {'false V':>7} {'false W':>7} {'false I':>7} {'missed':>6} {'reading':>7}")
    for name, fv, fw, fi, fn, rd, fps, fns in per_doc:
        flag = "" if fv == 0 and fw <= 1 and fn == 0 else "   <-- " + " ".join(
            [f"+{x}" for x in fps if not x.endswith("/I")] + [f"-{x}" for x in fns])
        print(f"{name[:56]:56} {fv:7d} {fw:7d} {fi:7d} {fn:6d} {rd:7d}{flag}")
    docs = len(per_doc)
    ok = sum(1 for _, fv, fw, _, fn, *_ in per_doc if fv == 0 and fw <= 1 and fn == 0)
    print(f"{ok}/{docs} documents meet the goal (every real or planted finding caught, 0 false Violations, "
          f"at most 1 false Warning)")


def run(args: list[str]) -> None:
    folder = Path(tempfile.mkdtemp())
    if "--variants-only" not in args:
        report("corpus", *score((n, d, CORPUS_TRUTH[n]) for n, d in corpus_cases(folder)))
    if "--corpus-only" not in args:
        report("narrative styles", *score(style_cases(folder)))
        report("layout variants", *score(layout_cases(folder)))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    run(sys.argv[1:])

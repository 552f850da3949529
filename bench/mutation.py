"""Mutation testing: do the tests notice when the code or the rules are changed on purpose?

Three checks, each printing a score and every surviving mutant:

* ``python`` — mutmut (``pip install -e '.[mutation]'``) on the core modules, one module at a time: each run
  happens in a scratch copy of the project (``--work``, default ``/tmp/budget-lod-mutation``) whose
  ``[tool.mutmut]`` mutates that module only and selects only the tests in :data:`MODULES`. Score = killed /
  (mutants − equivalent ones); the equivalent mutants are listed in :data:`EQUIVALENT`, each with the reason
  no test can tell it from the original.
* ``listed`` — the deliberate bugs of issue 12 (:data:`LISTED`), each applied to a scratch copy: the tests
  named beside it must fail.
* ``rules`` — our own mutations of ``shapes/*.ttl`` and ``src/budget_lod/specs/*.toml`` (:data:`RULE_OPERATORS`:
  comparison operators, tolerances, severities, thresholds), each followed by the rule tests (``-x``).

Usage: ``python3 bench/mutation.py [python|listed|rules …] [--module NAME …] [--jobs N] [--work DIR]``
(no check named: all three). Exit status 1 when a listed bug survives or a module scores below
:data:`GOAL`. This is a benchmark — slow, on purpose not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("src", "tests", "shapes", "ontology", "site", "pyproject.toml")
GOAL = 0.90

# --- python: module → the tests that exercise it --------------------------------------------------------------

MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "amounts": ("src/budget_lod/model/amounts.py", ("tests/test_amounts_properties.py",)),
    "cells": ("src/budget_lod/extract/cells.py", ("tests/test_amounts_properties.py", "tests/test_extract_cells.py")),
    "codes": ("src/budget_lod/extract/codes.py", ("tests/test_extract_codes.py",)),
    "iri": ("src/budget_lod/rdf/iri.py", ("tests/test_iri_minting.py",)),
    "readonly": ("src/budget_lod/store/readonly.py", ("tests/test_sparql_guard.py", "tests/test_store_workers.py")),
    "lexical": ("src/budget_lod/store/lexical.py", ("tests/test_sparql_guard.py",)),
    # (test_sparql_fast_path.py also covers it, but starts a store and its query workers for every mutant: hours)
    "sparql": ("src/budget_lod/web/sparql.py", ("tests/test_sparql_protocol.py",)),
    "conneg": ("src/budget_lod/web/conneg.py", ("tests/test_conneg_statuses.py",)),
    "checkpoints": ("src/budget_lod/store/checkpoints.py", ("tests/test_store_concurrency.py",
                                                            "tests/test_store_checkpoints.py")),
}

CODEC = "codec names are case-insensitive"
HEADER_CASE = "HTTP header names are case-insensitive (werkzeug's Headers too)"
SAME_CONTEXT = "rdflib's JSON-LD writer compacts with a context made of the graph's prefixes either way (same output)"

# module → {the mutated line (stripped) → why no test can tell the mutant from the original}
EQUIVALENT: dict[str, dict[str, str]] = {
    "amounts": {
        'raise ValueError(None) from exc': "unreachable: the regex admits only texts Decimal parses (pragma: no cover)",
    },
    "cells": {
        'return "x" + hashlib.sha256(norm(label).encode("UTF-8")).hexdigest()[:8]': CODEC,
    },
    "codes": {
        "total = sum((a.yuan for a in terms), )": "sum's int 0 start adds to Decimals exactly as Decimal(0) does",
        ") / 2": "sum's int 0 start adds to Decimals exactly as Decimal(0) does",
        "heads: list[int | None] = None  # the row (index in ``rows``) printing each open level, if printed":
            "heads is reassigned before it is read: only the first branch reads it, and it rebuilds it",
        "elif d.isdigit() and codes or len(d) in levels[1:]:":
            "digits are '' or digits; with no open level the short-code branch finds no candidate and keeps d, "
            "as the else branch does",
        "elif d.isdigit() or codes and len(d) in levels[1:]:":
            "a width no level has, or no open level, gives no candidate: the branch keeps d, as the else branch does",
    },
    "readonly": {
        'def __init__(self, form: str | None, error: type | None = None, message: str = "XXXX"):':
            "the message is read only with an error, and every error verdict passes its own message",
    },
    "lexical": {
        "decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) "
        "if int(m.group(1) or m.group(2), 17) < 0x110000":
            "base 17 reads hex digits as a larger number: it only turns more too-large escapes into '?', "
            "never a letter of 'service' (those are below 0x80 either way)",
        'else "XX?XX", sparql)': "the stand-in for an impossible code point holds no letter of 'service' either way",
    },
    "conneg": {
        "context = None": SAME_CONTEXT,
        "graph.bind(prefix, ns, override=None)": "rdflib tests override for truth: None is False",
        'graph.bind("bud", vocab, )': "rdflib's bind overrides by default (override=True)",
        'graph.bind("bsh", shapes, )': "rdflib's bind overrides by default (override=True)",
        **{f'return graph.serialize(format="json-ld", {args}encoding="utf-8")': SAME_CONTEXT
           for args in ("context=None, auto_compact=True, ", "auto_compact=True, ", "context=context, ",
                        "context=context, auto_compact=None, ", "context=context, auto_compact=False, ")},
        'resp.headers["vary"] = "Accept"': HEADER_CASE,
        'resp.headers["VARY"] = "Accept"': HEADER_CASE,
        'resp.headers["link"] = alternates(doc_url, offered)': HEADER_CASE,
        'resp.headers["LINK"] = alternates(doc_url, offered)': HEADER_CASE,
        'body = html().encode("UTF-8")': CODEC,
    },
    "sparql": {
        '(message.rstrip() + "\\n").encode("UTF-8")': CODEC,
        'def page(query: str = "XXXX") -> Response:': "the view always passes the query (request.args.get(...) or '')",
        'examples_json=json.dumps(payload, ensure_ascii=None).replace("</", "<\\\\/"),':
            "json.dumps tests ensure_ascii for truth: None is False",
        'return Response(html, mimetype=None)': "Flask's Response is text/html by default",
        'return Response(html, mimetype=None, headers=QUERY_PAGE_HEADERS)': "Flask's Response is text/html by default",
        'return Response(html, headers=QUERY_PAGE_HEADERS)': "Flask's Response is text/html by default",
        **{f'and _accept_wants_html(req.headers.get({a})))': "header names are case-insensitive, and a missing "
           "Accept ('' or 'XXXX') names no HTML either way" for a in ('"accept", ""', '"ACCEPT", ""', '"Accept", "XXXX"')},
        **{f"return self.inner({a})": "unreachable: the first check sends every request _wants_html would to the app "
           "(the same test on the same header)" for a in ("None, start_response", "environ, None", "start_response",
                                                          "environ, ")},
        **{f'app = Flask("{n}", template_folder=str(site / "templates"), static_folder=str(site / "static"))':
           "both folders are given as absolute paths: the import name locates nothing"
           for n in ("XXbudget_lod.web.sparqlXX", "BUDGET_LOD.WEB.SPARQL")},
        **{line: HEADER_CASE for line in (
            'return 200, [*_CORS_VARY, ("content-length", "0")], b""', 'return 200, [*_CORS_VARY, ("CONTENT-LENGTH", "0")], b""',
            'return _error(503, str(exc), (("retry-after", "5"),))', 'return _error(503, str(exc), (("RETRY-AFTER", "5"),))',
            'return _error(503, str(exc), (("retry-after", str(exc.retry_after)),))',
            'return _error(503, str(exc), (("RETRY-AFTER", str(exc.retry_after)),))',
            'headers = [("Content-Type", mimetype), ("content-length", str(len(res.body))), *_CORS_VARY,',
            'headers = [("Content-Type", mimetype), ("CONTENT-LENGTH", str(len(res.body))), *_CORS_VARY,',
            '("x-result-count", str(res.count))]', '("X-RESULT-COUNT", str(res.count))]',
            'headers += [("x-result-truncated", "true"), ("X-Result-Limit", str(limit))]',
            'headers += [("X-RESULT-TRUNCATED", "true"), ("X-Result-Limit", str(limit))]',
            'headers += [("X-Result-Truncated", "true"), ("x-result-limit", str(limit))]',
            'headers += [("X-Result-Truncated", "true"), ("X-RESULT-LIMIT", str(limit))]',
            'fmt = _format_for(kind, params.get("format") or params.get("output") or "", req.headers.get("accept", ""))',
            'fmt = _format_for(kind, params.get("format") or params.get("output") or "", req.headers.get("ACCEPT", ""))')},
        **{f"params = req.args if {cond} else req.values":
           "a GET or HEAD has no form: its values are its args" for cond in (
               '(req.method in ("GET", "HEAD")) and False', 'req.method in ("XXGETXX", "HEAD")',
               'req.method in ("get", "HEAD")', 'req.method in ("GET", "XXHEADXX")', 'req.method in ("GET", "head")')},
        'fmt = _format_for(kind, params.get("format") or params.get("output") or "XXXX", req.headers.get("Accept", ""))':
            "an unknown format= falls back to Accept, as no format= does",
        **{f'fmt = _format_for(kind, params.get("format") or params.get("output") or "", req.headers.get("Accept"{d}))':
           "no Accept header: None and '' both mean no preference" for d in (", None", ", ")},
        **{f'method == {m} and _accept_wants_html(environ.get("HTTP_ACCEPT", ""))):':
           "a browser's GET missed here is sent to the app by the _wants_html check right after"
           for m in ('"XXGETXX"', '"get"')},
        **{f'method == "GET" and _accept_wants_html(environ.get({k}))):':
           "a browser's GET missed here is sent to the app by the _wants_html check right after"
           for k in ('None, ""', '"XXHTTP_ACCEPTXX", ""', '"http_accept", ""', '"HTTP_ACCEPT", "XXXX"')},
        **{f"start_response(f\"{{status}} {{HTTP_STATUS_CODES.get({a})}}\", headers)":
           "every status answered is a known one: the default is never used" for a in ("status, None", "status, ",
                                                                                       "status, 'XXXX'")},
        "return Response(html, )": "Flask's Response is text/html by default",
    },
    "checkpoints": {
        **{line: "the file holds ASCII digits only: any encoding reads and writes them alike" for line in (
            'text = self.current.read_text(encoding=None).strip()', 'text = self.current.read_text(encoding="ASCII").strip()',
            'self._file = open(layout.lock, "a+", encoding=None)', 'self._file = open(layout.lock, "a+", )',
            'self._file = open(layout.lock, "a+", encoding="ASCII")', 'with open(tmp, "w", encoding=None) as f:',
            'with open(tmp, "w", ) as f:', 'with open(tmp, "w", encoding="ASCII") as f:')},
        **{f"layout.checkpoints.mkdir({a}exist_ok=True)": "the store directory exists already (the writer locked it)"
           for a in ("parents=None, ", "", "parents=False, ")},
        **{line: "as root in a folder of our own, removing a checkpoint or a stale copy never fails" for line in (
            "shutil.rmtree(stale, ignore_errors=None)", "shutil.rmtree(stale, )", "shutil.rmtree(stale, ignore_errors=False)",
            "shutil.rmtree(layout.checkpoint(m), ignore_errors=None)", "shutil.rmtree(layout.checkpoint(m), )",
            "shutil.rmtree(layout.checkpoint(m), ignore_errors=False)")},
        **{f"lock_path.unlink(missing_ok={v})": "the lock file was just opened with a+: it exists" for v in ("None", "False")},
        "lockfile = open(self.layout.checkpoint_lock(n), )": "open's default mode is 'r'",
        "break": "numbers ascend: once m reaches CURRENT every later one does too",
        "if time.monotonic() > deadline:": "only timing: > and >= differ for one clock tick",
        "time.sleep(1.05)": "only timing: the lock is still taken once freed",
        "time.sleep(1.01)": "only timing: the retry comes later",
        "for _ in range(21):": "only timing: one more retry before the same error",
        "old_lock = None": "CPython closes the replaced lock file when its last reference goes: the lock is released",
    },
    "iri": {
        'return hashlib.sha256(norm.encode("UTF-8")).hexdigest()[:length]': CODEC,
        'ascii_part = _SLUG_KEEP.sub("-", s).strip("XX-XX")': "s is lower-cased: it holds no 'X' to strip",
        **{f'def {f}(self, name: str, code: str | None, year: int, scope: str, kind: str = "{k}") -> str:':
           "any kind but final_accounts mints a budget's IRI: the default's value is never compared with 'budget'"
           for f in ("budget", "document_graph", "report_graph") for k in ("XXbudgetXX", "BUDGET")},
    },
}

# --- listed: the deliberate bugs of issue 12 -------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    after: str = ""  # replace the first ``old`` after this text (a rule's name in a shared file)


_WITHIN = "FILTER(IF($currentShape = shp:WithinRounding, ?diff > 0 && ?diff <= ?tol, ?diff > ?tol))"

LISTED: tuple[Listed, ...] = (
    Listed("amounts: an en-dash minus no longer parsed as negative", "src/budget_lod/model/amounts.py",
           '.replace("–", "-")', "", ("tests/test_amounts_properties.py",)),
    Listed("amounts: the en-dash no longer a minus sign in the number pattern", "src/budget_lod/model/amounts.py",
           r'_NUMBER = re.compile(r"^[-−–]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−–]?\d+(\.\d+)?$")',
           r'_NUMBER = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+(\.\d+)?$")',
           ("tests/test_amounts_properties.py",)),
    Listed("parent-sum: ?diff > 0 → ?diff >= 0 in the within-rounding branch", "shapes/budget.shapes.ttl",
           _WITHIN, _WITHIN.replace("?diff > 0", "?diff >= 0"), ("tests/test_rule_tolerances.py",),
           after="shp:parent-sum a sh:SPARQLConstraint"),
    Listed("balance: tolerance 100 × too large", "shapes/budget.shapes.ttl",
           "BIND((?lp + ?rp) / 2 AS ?tol)", "BIND((?lp + ?rp) * 50 AS ?tol)", ("tests/test_rule_tolerances.py",),
           after="shp:balance a sh:SPARQLConstraint"),
    Listed("iri: names no longer stripped of white space before hashing", "src/budget_lod/rdf/iri.py",
           'norm = re.sub(r"\\s+", "", unicodedata.normalize("NFKC", text))',
           'norm = unicodedata.normalize("NFKC", text)', ("tests/test_iri_minting.py",)),
    Listed("iri: names no longer NFKC-normalised before hashing", "src/budget_lod/rdf/iri.py",
           'norm = re.sub(r"\\s+", "", unicodedata.normalize("NFKC", text))',
           'norm = re.sub(r"\\s+", "", text)', ("tests/test_iri_minting.py",)),
    Listed("sparql: a GET with ?update= answered 400 instead of 403", "src/budget_lod/web/sparql.py",
           'return None, _error(403, "SPARQL Update is not allowed: this endpoint is read-only.")',
           'return None, _error(400, "SPARQL Update is not allowed: this endpoint is read-only.")',
           ("tests/test_sparql_fast_path.py",)),
    Listed("conneg: a suffix the resource does not offer served instead of 404", "src/budget_lod/web/conneg.py",
           "if suffix_format.name not in offered:", "if False:", ("tests/test_conneg_statuses.py",)),
    Listed("conneg: If-None-Match ignored (no 304)", "src/budget_lod/web/conneg.py",
           "return resp.make_conditional(request)", "return resp", ("tests/test_conneg_statuses.py",)),
)

# mutmut leaves decorated functions alone (``@lru_cache``): the guard's full parse, the result-format choice and
# the browser test of ``web/sparql.py`` get hand-made mutants here, checked like the listed bugs
_GUARD, _PROTOCOL = ("tests/test_sparql_guard.py",), ("tests/test_sparql_protocol.py",)
DECORATED: tuple[Listed, ...] = (
    Listed("readonly.parse_check: SERVICE no longer refused after the full parse", "src/budget_lod/store/readonly.py",
           'if "ServiceGraphPattern" in names:', "if False:", _GUARD),
    Listed("readonly.parse_check: the length limit off by one", "src/budget_lod/store/readonly.py",
           "if len(sparql) > MAX_QUERY_CHARS:", "if len(sparql) >= MAX_QUERY_CHARS:", _GUARD, after="def parse_check"),
    Listed("readonly.parse_check: any text an update parse accepts is an update", "src/budget_lod/store/readonly.py",
           "if update is not None and update.request:", "if update is not None:", _GUARD),
    Listed("readonly.parse_check: the refused operations not named", "src/budget_lod/store/readonly.py",
           "f\"({', '.join(ops) or 'update'} refused)", "f\"(update refused)", _GUARD),
    Listed("sparql._format_for: format= ignored", "src/budget_lod/web/sparql.py",
           "        if fmt is not None:\n            return fmt\n", "", _PROTOCOL),
    Listed("sparql._format_for: no Accept is not the default format", "src/budget_lod/web/sparql.py",
           "    if not accept or not header:\n        return formats[0]", "    if not accept and not header:\n"
           "        return formats[0]", _PROTOCOL),
    Listed("sparql._format_for: an Accept nothing fits gets the default instead of 406", "src/budget_lod/web/sparql.py",
           "return owner[best] if best else None", "return owner[best] if best else formats[0]", _PROTOCOL),
    # (q > 0 → q >= 0 in _accept_wants_html is equivalent: text/html;q=0 never wins the best_match that follows)
    Listed("sparql._accept_wants_html: HTML not preferred is still the page", "src/budget_lod/web/sparql.py",
           '"text/turtle"]) == "text/html"', '"text/turtle"]) is not None', _PROTOCOL),
    Listed("sparql.examples: titles not read from the files", "src/budget_lod/web/sparql.py",
           'meta.get("title", name)', "name", _PROTOCOL),
)

# --- rules: mutations of the shapes and the layout specs --------------------------------------------------------

# (files, pattern, replacement, what): each match of ``pattern`` in each file is one mutant
RULE_OPERATORS: tuple[tuple[str, str, str, str], ...] = (
    ("shapes/*.ttl", r"(?<=\s)>(?=\s)", ">=", "> → >="),
    ("shapes/*.ttl", r"(?<=\s)<(?=\s)", "<=", "< → <="),
    ("shapes/*.ttl", r"(?<=\s)>=(?=\s)", ">", ">= → >"),
    ("shapes/*.ttl", r"(?<=\s)<=(?=\s)", "<", "<= → <"),
    ("shapes/*.ttl", r"\) / 2\b", ") * 50", "tolerance × 100"),
    ("shapes/*.ttl", r"\) / 2\b", ") / 4", "tolerance ÷ 2"),
    ("shapes/*.ttl", r"sh:severity sh:Violation", "sh:severity sh:Warning", "Violation → Warning"),
    ("shapes/*.ttl", r"sh:severity sh:Warning", "sh:severity sh:Info", "Warning → Info"),
    ("shapes/*.ttl", r"sh:severity sh:Info", "sh:severity sh:Warning", "Info → Warning"),
    ("shapes/*.ttl", r"sh:minCount 1\b", "sh:minCount 0", "minCount 1 → 0"),
    ("shapes/*.ttl", r"(?<=>= )0\.01\b", "1.00", "threshold 0.01 → 1.00"),
    ("src/budget_lod/specs/projects.toml", r'= ">="$', '= ">"', "operator >= → >"),
    ("src/budget_lod/specs/projects.toml", r'= "<="$', '= "<"', "operator <= → <"),
    ("src/budget_lod/specs/tables.toml", r"(?<=^title_max_chars = )\d+", "12", "threshold title_max_chars → 12"),
    ("src/budget_lod/specs/tables.toml", r"(?<=^functional = \[)3", "2", "functional code width 3 → 2"),
    ("src/budget_lod/specs/tables.toml", r"(?<=^economic = \[)3", "4", "economic code width 3 → 4"),
)
RULE_TESTS: dict[str, tuple[str, ...]] = {
    "shapes/": ("tests/test_rule_tolerances.py::test_a_fault_at_the_edge_of_the_tolerance",
                "tests/test_rule_tolerances.py::test_a_spending_plan_at_the_edge_of_the_tolerance",
                "tests/test_rule_tolerances.py::test_the_clean_document_has_its_one_real_finding_and_no_info",
                "tests/test_validate_rules.py"),
    "src/budget_lod/specs/projects.toml": ("tests/test_projects_targets.py", "tests/test_projects_sample.py"),
    "src/budget_lod/specs/tables.toml": ("tests/test_extract_specs.py", "tests/test_extract_hebei.py"),
}


# --- scratch copies ----------------------------------------------------------------------------------------------

def scratch(work: Path) -> Path:
    """A fresh copy of the project's sources, tests, shapes, ontology and site under ``work``."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_artifacts", "mutants")
    for name in COPIED:
        src = ROOT / name
        (shutil.copytree(src, work / name, ignore=ignore) if src.is_dir() else shutil.copy2(src, work / name))
    return work


def env_for(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree / "src")  # subprocesses (servers) import the copy too
    env.setdefault("BUDGET_LOD_CORPUS", str(ROOT.parent / "shared" / "corpus"))
    env.setdefault("BUDGET_LOD_STANDARDS", str(ROOT.parent / "shared" / "standards"))
    return env


def pytest_fails(tree: Path, tests: tuple[str, ...], timeout: float = 900) -> tuple[bool, float]:
    """Whether the tests fail on ``tree`` (``-x``: the first failure is enough), and how long they took."""
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                              cwd=tree, env=env_for(tree), capture_output=True, text=True, timeout=timeout)
        failed = proc.returncode != 0
    except subprocess.TimeoutExpired:
        failed = True  # a mutant that hangs the tests is noticed
    return failed, time.monotonic() - started


# --- python --------------------------------------------------------------------------------------------------

def mutmut_section(source: str, tests: tuple[str, ...]) -> str:
    lines = ["[tool.mutmut]", 'source_paths = ["src/"]', f"only_mutate = {json.dumps([source])}",
             'also_copy = ["shapes/", "ontology/", "site/"]',
             'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "--assert=plain"]',  # see pyproject.toml
             f"pytest_add_cli_args_test_selection = {json.dumps(list(tests))}",
             'process_isolation = "forkserver"']  # see pyproject.toml
    return "\n".join(lines) + "\n"


def with_mutmut_section(pyproject: str, section: str) -> str:
    """``pyproject`` with its ``[tool.mutmut]`` table (up to the next table) replaced by ``section``."""
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n?)*", re.MULTILINE)
    if pattern.search(pyproject):
        return pattern.sub(lambda _: section, pyproject, count=1)
    return pyproject.rstrip("\n") + "\n\n" + section


KILLED = {1, 3, 36, -24, 24, 152, 255, -11, -9, 37}  # mutmut's exit codes for killed, timeout, crash
STATUS = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


@dataclass
class ModuleScore:
    name: str
    total: int
    killed: int
    equivalent: list[tuple[str, str, str]]  # (mutant, mutated line, reason)
    survivors: list[tuple[str, str, str]]  # (mutant, status, diff)
    seconds: float

    @property
    def score(self) -> float:
        counted = self.total - len(self.equivalent)
        return self.killed / counted if counted else 1.0


def run_module(name: str, work: Path, jobs: int) -> ModuleScore:
    source, tests = MODULES[name]
    tree = scratch(work / name)
    pyproject = tree / "pyproject.toml"
    pyproject.write_text(with_mutmut_section(pyproject.read_text(encoding="utf-8"), mutmut_section(source, tests)),
                         encoding="utf-8")
    started = time.monotonic()
    env = env_for(tree)
    # no PYTHONPATH: mutmut puts mutants/src first itself (with one set, its trampolines record no test at all);
    # a server a test starts in a subprocess runs the unmutated code, and mutmut credits in-process calls only
    env.pop("PYTHONPATH")
    proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)], cwd=tree, env=env,
                          capture_output=True, text=True)
    seconds = time.monotonic() - started
    meta = tree / "mutants" / (source + ".meta")
    if not meta.is_file():
        raise SystemExit(f"mutmut made no results for {source} (exit {proc.returncode}):\n{proc.stdout[-3000:]}"
                         f"\n{proc.stderr[-3000:]}")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    killed = sum(1 for c in codes.values() if c in KILLED)
    equivalent, survivors = [], []
    known = EQUIVALENT.get(name, {})
    for mutant, code in sorted(codes.items(), key=lambda kv: _natural(kv[0])):
        if code in KILLED:
            continue
        diff = subprocess.run([sys.executable, "-m", "mutmut", "show", mutant], cwd=tree, env=env,
                              capture_output=True, text=True).stdout
        changed = [ln for ln in diff.splitlines() if ln.startswith(("-", "+")) and not ln.startswith(("---", "+++"))]
        added = next((ln[1:].strip() for ln in changed if ln.startswith("+")), "")
        if added in known:
            equivalent.append((mutant, added, known[added]))
        else:
            survivors.append((mutant, STATUS.get(code, f"exit {code}"), "\n".join(changed)))
    return ModuleScore(name, len(codes), killed, equivalent, survivors, seconds)


def _natural(mutant: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", mutant))


def check_python(names: list[str], work: Path, jobs: int) -> bool:
    ok = True
    scores = []
    for name in names:
        s = run_module(name, work, jobs)
        scores.append(s)
        print(f"\n== {name} ({MODULES[name][0]}): {s.killed}/{s.total - len(s.equivalent)} killed = {s.score:.1%} "
              f"({len(s.equivalent)} equivalent, {len(s.survivors)} surviving; {s.seconds:.0f} s)", flush=True)
        for mutant, status, diff in s.survivors:
            print(f"  {status}: {mutant}\n    " + diff.replace("\n", "\n    "))
        for mutant, line, reason in s.equivalent:
            print(f"  equivalent: {mutant}: {line}  — {reason}")
        ok &= s.score >= GOAL
    print("\nmodule         killed / counted   score")
    for s in scores:
        print(f"{s.name:<14} {s.killed:>6} / {s.total - len(s.equivalent):<7}  {s.score:6.1%}"
              f"{'' if s.score >= GOAL else '  below the goal of ' + format(GOAL, '.0%')}")
    return ok


# --- listed ----------------------------------------------------------------------------------------------------

def apply(text: str, old: str, new: str, after: str = "") -> str:
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


def check_listed(work: Path) -> bool:
    tree = scratch(work / "listed")
    ok = True
    print("\n== the deliberate bugs of issue 12, and hand-made mutants of the functions mutmut skips (decorated)")
    for tests in sorted({b.tests for b in LISTED + DECORATED}):
        failed, _ = pytest_fails(tree, tests)
        if failed:
            raise SystemExit(f"the tests fail without any mutant: {' '.join(tests)}")
    for bug in LISTED + DECORATED:
        path = tree / bug.path
        original = path.read_text(encoding="utf-8")
        try:
            path.write_text(apply(original, bug.old, bug.new, bug.after), encoding="utf-8")
            failed, seconds = pytest_fails(tree, bug.tests)
        finally:
            path.write_text(original, encoding="utf-8")
        ok &= failed
        print(f"  {'killed  ' if failed else 'SURVIVED'} {bug.name}  ({', '.join(bug.tests)}; {seconds:.0f} s)",
              flush=True)
    return ok


# --- rules -------------------------------------------------------------------------------------------------------

def rule_mutants() -> list[tuple[str, int, str, str, str]]:
    """Every (file, line number, what, original line, mutated line) of :data:`RULE_OPERATORS`."""
    out = []
    for pattern_files, pattern, replacement, what in RULE_OPERATORS:
        rx = re.compile(pattern, re.MULTILINE)
        for path in sorted(ROOT.glob(pattern_files)):
            rel = path.relative_to(ROOT).as_posix()
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for m in rx.finditer(line):
                    out.append((rel, n, f"{what} at column {m.start() + 1}", line,
                                line[:m.start()] + replacement + line[m.end():]))
    return out


def tests_for(rel: str, quick: bool = False) -> tuple[str, ...]:
    tests = next(t for prefix, t in RULE_TESTS.items() if rel.startswith(prefix))
    return tuple(t for t in tests if "test_rule_tolerances" in t) if quick and rel.startswith("shapes/") else tests


def check_rules(work: Path, quick: bool = False) -> bool:
    """``quick``: the shapes' mutants against the tolerance tests only (minutes, not an hour): a survivor there
    may still be killed by tests/test_validate_rules.py."""
    tree = scratch(work / "rules")
    for tests in sorted({tests_for(rel, quick) for rel in RULE_TESTS}):
        failed, _ = pytest_fails(tree, tests)
        if failed:
            raise SystemExit(f"the tests fail without any mutant: {' '.join(tests)}")
    mutants = rule_mutants()
    survivors = []
    print(f"\n== rules: {len(mutants)} mutants of the shapes and specs")
    by_file: dict[str, list] = {}
    for rel, n, what, before, after in mutants:
        path = tree / rel
        original = path.read_text(encoding="utf-8")
        lines = original.split("\n")
        lines[n - 1] = after
        try:
            path.write_text("\n".join(lines), encoding="utf-8")
            failed, seconds = pytest_fails(tree, tests_for(rel, quick))
        finally:
            path.write_text(original, encoding="utf-8")
        by_file.setdefault(rel, []).append(failed)
        if not failed:
            survivors.append((rel, n, what, before.strip(), after.strip()))
        print(f"  {'killed  ' if failed else 'SURVIVED'} {rel}:{n} {what} ({seconds:.0f} s)", flush=True)
    print("\nfile                                     killed / mutants   score")
    for rel, results in by_file.items():
        print(f"{rel:<40} {sum(results):>6} / {len(results):<8}  {sum(results) / len(results):6.1%}")
    for rel, n, what, before, after in survivors:
        print(f"  survived: {rel}:{n} {what}\n    - {before}\n    + {after}")
    return True  # reported, not gated: a surviving rule mutant asks for a test, or is a rule no document reaches


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checks", nargs="*", choices=["python", "listed", "rules"], default=[])
    ap.add_argument("--module", action="append", choices=sorted(MODULES), help="python: only these modules")
    ap.add_argument("--jobs", type=int, default=2, help="mutmut's worker processes (default 2)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/budget-lod-mutation"), help="scratch folder")
    ap.add_argument("--quick", action="store_true", help="rules: the shapes against the tolerance tests only")
    args = ap.parse_args(argv)
    checks = args.checks or ["python", "listed", "rules"]
    ok = True
    if "listed" in checks:
        ok &= check_listed(args.work)
    if "python" in checks:
        ok &= check_python(args.module or list(MODULES), args.work, args.jobs)
    if "rules" in checks:
        ok &= check_rules(args.work, args.quick)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

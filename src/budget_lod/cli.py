"""The ``budget-lod`` command line: a thin driver over the pipeline with honest exit codes.

Exit codes (as pyshacl's CLI): 0 ok; 1 validation found sh:Violation; 2 unreadable input, bad usage
or an unusable store. Errors are one line on standard error naming the file, page or field.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import Sequence

from budget_lod import __version__
from budget_lod.config import Settings
from budget_lod.errors import BudgetLodError, ConfigError

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

EXPORT_FORMATS = ("turtle", "jsonld", "nquads", "trig", "nt", "fdp")


def _store_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR|URL", help="store directory, or an external SPARQL server's query endpoint URL "
                                                     "(env BUDGET_LOD_STORE, default ./budget-lod-store)")


def _base_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base-url", metavar="URL",
                   help="base of minted URIs (env BUDGET_LOD_BASE_URL, default http://127.0.0.1:8080/)")


def _narrative_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--narrative", metavar="NARRATIVE.pdf",
                   help="the narrative PDF of a disclosure published as two files (FILE.pdf holds the tables); "
                        "without it, the other file of a two-file disclosure is looked for beside FILE.pdf")
    p.add_argument("--alone", action="store_true", help="read FILE.pdf alone, never with a file found beside it")


SIBLINGS_LOOKED_AT = 200  # a folder holding more PDFs than this is a batch: ingest pairs it, extract does not look


def _disclosure(args):
    """The files named on the command line: FILE.pdf with its narrative PDF when given; else FILE.pdf and, when
    it is one file of a two-file disclosure, its other file found beside it (pairing by department, year and
    scope, as ingest does within a batch), said on standard error."""
    from budget_lod.extract.pairing import DisclosureFiles, pair_files

    main = Path(args.file)
    if args.narrative or args.alone or not main.is_file():
        return DisclosureFiles(main, Path(args.narrative) if args.narrative else None)
    siblings = sorted(p for p in main.parent.glob("*.pdf") if p.resolve() != main.resolve())
    if not siblings or len(siblings) > SIBLINGS_LOOKED_AT:
        return DisclosureFiles(main)
    found = next((d for d in pair_files([main, *siblings]) if main in d.paths), DisclosureFiles(main))
    if found.narrative is not None:
        other = found.narrative if found.main == main else found.main
        print(f"{main}: read together with {other}, the other file of its two-file disclosure (--alone: not)",
              file=sys.stderr)
    return found


def _report_reading(doc, where: str) -> None:
    """What the reading of ``doc`` says about itself, on standard error: coverage, tables whose reading failed
    its own checks, what was printed but not understood, the mandated tables missing."""
    read, printed = doc.coverage
    share = f"{100 * read / printed:.1f} %" if printed else "—"
    print(f"{where}: reading coverage {read}/{printed} figures ({share})", file=sys.stderr)
    for t in doc.tables:
        if t.reading is not None and t.reading.status != "ok":
            problems = "; ".join(c.detail for c in t.reading.problems[:3])
            more = f" (+{len(t.reading.problems) - 3} more)" if len(t.reading.problems) > 3 else ""
            print(f"{where}: reading failed: {t.kind} “{t.title}” (pages {', '.join(map(str, t.pages))}): "
                  f"{problems}{more}", file=sys.stderr)
    for note in doc.unread:
        what = "table title of no known kind" if note.kind == "unknown_title" else "figures outside every table read"
        print(f"{where}, page {note.page}: {what}: {note.text}", file=sys.stderr)
    if doc.missing_tables:
        print(f"{where}: missing tables (neither filled nor declared empty): {', '.join(doc.missing_tables)}",
              file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budget-lod",
        description="Chinese government budget disclosures (部门预算公开) as linked open data.",
    )
    parser.add_argument("--version", action="version", version=f"budget-lod {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="read one disclosure PDF and print every amount (CSV) or the document model (JSON)")
    p.add_argument("file", metavar="FILE.pdf")
    _narrative_opt(p)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")

    p = sub.add_parser("ingest", help="extract, model, validate and store PDFs (each replaces its own named graph)")
    p.add_argument("files", nargs="+", metavar="FILE.pdf", help="PDF files or folders of PDFs (searched at any depth)")
    _store_opts(p)
    _base_opt(p)
    p.add_argument("--jobs", type=int, metavar="N",
                   help="extraction processes (env BUDGET_LOD_JOBS, default: one per CPU core)")
    p.add_argument("--batch", type=int, metavar="N",
                   help="publish the store every N documents (and every minute; env BUDGET_LOD_BATCH, default 100)")
    p.add_argument("--strict", action="store_true",
                   help="all or nothing: any unreadable file stops the run and nothing is stored")
    p.add_argument("--force", action="store_true",
                   help="extract again documents the store already holds with the same content")
    p.add_argument("--to", metavar="DIR",
                   help="write each document's graphs as an N-Quads file into DIR (for a server's bulk loader) "
                        "instead of storing them")

    p = sub.add_parser("validate", help="validate a PDF directly (no store) or everything stored (--all)")
    p.add_argument("file", nargs="?", metavar="FILE.pdf")
    _narrative_opt(p)
    p.add_argument("--all", action="store_true", help="validate every document in the store")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _store_opts(p)
    _base_opt(p)

    p = sub.add_parser("export", help="write everything stored as Turtle, JSON-LD or N-Quads, or as a Fiscal Data Package")
    _store_opts(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="nquads",
                   help="an RDF syntax, or fdp: a Fiscal Data Package (datapackage.json + CSV + CSVW) in the directory -o")
    p.add_argument("-o", "--output", metavar="FILE|DIR", help="write here instead of standard output (a directory for fdp)")
    _base_opt(p)

    p = sub.add_parser("serve", help="serve the store: linked data, SPARQL endpoint, DCAT catalog")
    _store_opts(p)
    p.add_argument("--host", help="bind address (env BUDGET_LOD_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (env BUDGET_LOD_PORT, default 8080)")
    _base_opt(p)

    p = sub.add_parser("sample", help="write the bundled sample disclosure (a Hebei county office, 万元) as a PDF, "
                                      "or with --count a corpus of generated disclosures, each with its truth file")
    p.add_argument("output", nargs="?", metavar="OUT.pdf | OUTDIR",
                   help="the PDF (default sample/hebei-sample.pdf), or with --count the folder (default sample/corpus)")
    p.add_argument("--count", type=_positive, metavar="N",
                   help="render N distinct disclosures of every layout family into OUTDIR (PDF + .truth.json each)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="corpus seed: same N and S, same bytes (default 0)")

    p = sub.add_parser("demo", help="the whole job on the bundled sample: sample → ingest → validate → serve")
    _store_opts(p)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    _base_opt(p)
    p.add_argument("--no-serve", action="store_true", help="stop after ingest and validation")
    return parser


def _out(path: str | None):
    return open(path, "w", encoding="utf-8", newline="") if path else sys.stdout


def cmd_extract(args) -> int:
    from budget_lod.extract import extract_document
    from budget_lod.model.serialize import to_json, write_csv

    files = _disclosure(args)
    doc = extract_document(files)
    if args.output:
        # build the whole output in memory first: never leave a half-written file behind
        import io

        buf = io.StringIO()
        write_csv(doc, buf) if args.format == "csv" else buf.write(to_json(doc) + "\n")
        Path(args.output).write_text(buf.getvalue(), encoding="utf-8")
    elif args.format == "csv":
        write_csv(doc, sys.stdout)
    else:
        print(to_json(doc))
    _report_reading(doc, str(files))
    return EXIT_OK


def _summary_line(stored) -> str:
    v, w, i = stored.findings
    return (f"{stored.files}: {stored.department} {stored.fiscal_year} — {stored.tables} tables, {stored.projects} "
            f"projects; {v} violations, {w} warnings, {i} notes → <{stored.graph_iri}>")


def cmd_ingest(args) -> int:
    from budget_lod.pipeline import ingest
    from budget_lod.progress import Progress

    settings = Settings.load(store=args.store, base_url=args.base_url, jobs=args.jobs, batch=args.batch)

    def stored(s) -> None:
        print(_summary_line(s), flush=True)

    def failed(f) -> None:
        print(f"budget-lod ingest: {f.reason}", file=sys.stderr, flush=True)

    def linked(final, budget, outcome, executions: int) -> None:
        v, w, i = (outcome.count(s) for s in ("Violation", "Warning", "Info"))
        print(f"linked <{final.iri}> → <{budget.iri}>: {executions} figures side by side; {v} violations, {w} "
              f"warnings, {i} notes between them", flush=True)

    progress = Progress("documents")
    try:
        result = ingest(args.files, settings, jobs=settings.jobs, batch=settings.batch, strict=args.strict,
                        force=args.force, to_dir=args.to, on_stored=stored, on_failed=failed, on_progress=progress,
                        on_linked=linked)
    finally:
        progress.end()
    for files, first in result.duplicates:
        print(f"budget-lod ingest: {files}: the same content as {first}, ingested once", file=sys.stderr)
    where = args.to or settings.store
    notes = [f"{n} {what}" for n, what in ((result.unchanged, "unchanged (already stored)"),
                                          (len(result.duplicates), "given twice"), (len(result.failures), "failed"))
             if n]
    print(f"stored {result.stored} document(s) in {where}" + (f"; {', '.join(notes)}" if notes else ""))
    return EXIT_ERROR if result.failures else EXIT_OK


def cmd_validate(args) -> int:
    from budget_lod.rdf.iri import Minter
    from budget_lod.validate import format_json, format_text, validate_graph

    settings = Settings.load(store=args.store, base_url=args.base_url)
    minter = Minter(settings.base_url)
    if bool(args.all) == bool(args.file):
        print("budget-lod validate: give either FILE.pdf or --all", file=sys.stderr)
        return EXIT_ERROR
    if args.narrative and not args.file:
        print("budget-lod validate: --narrative goes with FILE.pdf (the tables file)", file=sys.stderr)
        return EXIT_ERROR
    def report(name: str, outcome) -> bool:
        if args.format == "json":
            print(format_json(name, outcome), flush=True)
        else:
            print(f"== {name}")
            print(format_text(outcome), flush=True)
        return outcome.conforms

    if args.file:
        from budget_lod.pipeline import prepare

        files = _disclosure(args)
        conforms = report(str(files), prepare(files, minter).outcome)
    else:  # one document at a time: each report printed as soon as it is made, nothing kept
        from budget_lod.store import open_store

        store = open_store(settings.store, mode="read")
        try:
            conforms = True
            for name, graph in store.documents():
                conforms = report(name, validate_graph(graph, minter)) and conforms
            # then what only two documents show: each final accounts against the budget it executes
            from budget_lod.validate.links import StoreSource, link_pair, stored_pairs

            source = StoreSource(store)
            for final, budget in stored_pairs(source, minter):
                _, outcome = link_pair(final, budget, source, minter)
                conforms = report(f"{final.graph} ↔ {budget.graph}", outcome) and conforms
        finally:
            store.close()
    return EXIT_OK if conforms else EXIT_VIOLATIONS


def cmd_export(args) -> int:
    from budget_lod.store import open_store

    settings = Settings.load(store=args.store, base_url=args.base_url)
    if args.format == "fdp" and not args.output:
        print("budget-lod export: --format fdp writes a directory: give -o DIR", file=sys.stderr)
        return EXIT_ERROR
    store = open_store(settings.store, mode="read")
    if args.format == "fdp":
        from budget_lod.export.package import write_package

        try:
            counts = write_package(store, settings.base_url, args.output)
        finally:
            store.close()
        print(f"{args.output}: Fiscal Data Package of {counts['budgets']} budget(s), {counts['rows']} amounts "
              "(datapackage.json, data/amounts.csv, data/amounts.csv-metadata.json)", file=sys.stderr)
        return EXIT_OK
    target = Path(args.output) if args.output else None
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part") if target else None
    try:
        out = open(tmp, "wb") if tmp else sys.stdout.buffer
        try:
            if args.format == "jsonld":
                # JSON-LD with the published @context (ontology/context.jsonld), one @graph per named graph: built
                # in memory (rdflib); the other formats are written as they are read, in constant memory
                import rdflib

                from budget_lod.rdf.export import serialize
                from budget_lod.rdf.iri import Minter

                ds = rdflib.Dataset()
                ds.parse(data=store.dump("nquads"), format="nquads")
                out.write(serialize(ds, "jsonld", Minter(settings.base_url)))
            else:
                store.dump_to(args.format, out)
            out.flush()
        finally:
            if tmp:
                out.close()
        if tmp:
            os.replace(tmp, target)  # never a half-written file
    finally:
        store.close()
        if tmp:
            tmp.unlink(missing_ok=True)
    return EXIT_OK


def cmd_serve(args) -> int:
    from budget_lod.web import serve

    settings = Settings.load(store=args.store, base_url=args.base_url, host=args.host, port=args.port)
    serve(settings)
    return EXIT_OK


def cmd_sample(args) -> int:
    if args.count is not None:
        from budget_lod.sample.corpus import stderr_progress, write_corpus

        outdir = Path(args.output or "sample/corpus")
        if outdir.exists() and not outdir.is_dir():
            raise ConfigError(f"{outdir}: --count writes a folder of disclosures, and this is a file")
        for written in write_corpus(outdir, args.count, args.seed, stderr_progress):
            print(*written.files.values(), written.truth, sep="\t")
        return EXIT_OK
    from budget_lod.sample import write_sample_pdf

    out = Path(args.output or "sample/hebei-sample.pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    print(write_sample_pdf(out))
    return EXIT_OK


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {n})")
    return n


def cmd_demo(args) -> int:
    from budget_lod.pipeline import ingest
    from budget_lod.sample import write_sample_pdf

    settings = Settings.load(store=args.store, base_url=args.base_url, host=args.host, port=args.port)
    if args.base_url is None and not os.environ.get("BUDGET_LOD_BASE_URL"):
        # the demo ingests and serves itself: mint URIs where it will answer for them
        settings = dataclasses.replace(settings, base_url=f"http://{settings.host}:{settings.port}/")
    pdf = write_sample_pdf(Path("sample") / "hebei-sample.pdf")
    print(f"1/3 sample disclosure written: {pdf}")
    done: list = []
    ingest([pdf], settings, force=True, with_text=True, on_stored=done.append)
    (stored,) = done
    print(f"2/3 ingested: {_summary_line(stored)}")
    print("3/3 validation report:")
    print(stored.report_text)
    if args.no_serve:
        return EXIT_OK
    from budget_lod.web import serve

    print(f"serving {settings.base_url} (SPARQL: {settings.base_url}sparql) — Ctrl-C to stop")
    serve(settings)
    return EXIT_OK


COMMANDS = {
    "extract": cmd_extract,
    "ingest": cmd_ingest,
    "validate": cmd_validate,
    "export": cmd_export,
    "serve": cmd_serve,
    "sample": cmd_sample,
    "demo": cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BudgetLodError as exc:
        print(f"budget-lod {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

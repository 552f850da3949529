"""Which files make one disclosure: a budget is published as one PDF, or as a narrative PDF plus a tables PDF.

:class:`DisclosureFiles` names the files of one disclosure; :func:`pair_files` groups the files of a batch
into disclosures. Everything downstream (extract, validate, ingest) takes a :class:`DisclosureFiles`, so a
two-file disclosure is read, checked and stored as one document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class DisclosureFiles:
    """The files of one disclosure: ``main`` holds the tables (or everything); ``narrative`` is the separate
    narrative PDF of a two-file disclosure, if any."""

    main: Path
    narrative: Path | None = None

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.main,) if self.narrative is None else (self.main, self.narrative)

    def __str__(self) -> str:
        return " + ".join(str(p) for p in self.paths)


def pair_files(paths: Iterable[str | Path]) -> list[DisclosureFiles]:
    """The disclosures a batch of files makes, in the order their first file was given."""
    return [DisclosureFiles(Path(p)) for p in paths]

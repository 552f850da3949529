"""A progress line for long runs: done / total, a bar, the rate and the time left, on standard error.

On a terminal the line is redrawn in place (at most ten times a second); otherwise (a log file, a CI
job) a plain line is written every ``every`` seconds, and at the end if any was written (a short run
writes none).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def duration(seconds: float) -> str:
    """``3h05m``, ``4m10s``, ``12s``."""
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


class Progress:
    """``progress(done, total)`` draws; ``progress.end()`` finishes the line. ``what`` names the items."""

    def __init__(self, what: str = "documents", stream: TextIO | None = None, every: float = 10.0,
                 clock=time.monotonic):
        self.what = what
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = 0.1 if self.tty else every
        self.clock = clock
        self.start = clock()
        self._first: tuple[float, int] | None = None
        self._last_draw = float("-inf") if self.tty else self.start
        self._drawn = False
        self._line = ""

    def line(self, done: int, total: int) -> str:
        now = self.clock()
        if self._first is None:
            self._first = (now, done)  # what was skipped before any work does not count towards the rate
        t0, d0 = self._first
        rate = (done - d0) / (now - t0) if now > t0 and done > d0 else 0.0
        width = 24
        filled = width if total == 0 else int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        eta = duration((total - done) / rate) if rate > 0 and total > done else "?" if total > done else "0s"
        return (f"[{bar}] {done}/{total} {self.what}  {rate * 60:.1f}/min  "
                f"elapsed {duration(now - self.start)}  left {eta}")

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        self._line = self.line(done, total)
        if now - self._last_draw < self.every and not (done >= total and (self.tty or self._drawn)):
            return
        self._last_draw, self._drawn = now, True
        if self.tty:
            self.stream.write("\r" + self._line + "\x1b[K")
        else:
            self.stream.write(self._line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.tty and self._line:
            self.stream.write("\n")
            self.stream.flush()

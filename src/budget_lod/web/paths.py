"""Where the site's templates and static assets are: ``site/`` at the root of the source tree.

Found by walking up from this module (works from the source tree and from an editable install), unless
the ``SITE_DIR`` config key or the ``BUDGET_LOD_SITE`` environment variable names it explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

from budget_lod.errors import ConfigError


def _looks_like_site(path: Path) -> bool:
    return (path / "templates").is_dir() and (path / "static").is_dir()


def find_site_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The ``site/`` folder: explicit argument, else ``BUDGET_LOD_SITE``, else the nearest ``site/`` above."""
    given = explicit or os.environ.get("BUDGET_LOD_SITE")
    if given:
        path = Path(given).resolve()
        if not _looks_like_site(path):
            raise ConfigError(f"{path}: not a site folder (needs templates/ and static/); check BUDGET_LOD_SITE")
        return path
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "site"
        if _looks_like_site(candidate):
            return candidate
    raise ConfigError(
        f"cannot find the site/ folder (templates and static assets) above {here.parent}; "
        "run from the source tree or set BUDGET_LOD_SITE=/path/to/site"
    )

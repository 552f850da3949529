"""``python -m budget_lod`` runs the CLI (works even where the console script is not on PATH)."""

import sys

from budget_lod.cli import main

sys.exit(main())

"""The document model: what a budget disclosure says, as frozen dataclasses.

``extract`` produces it, ``rdf`` consumes it; neither imports the other.
"""

from budget_lod.model.document import (  # noqa: F401
    Amount,
    Claim,
    Document,
    Indicator,
    Note,
    Project,
    Reading,
    ReadingCheck,
    Row,
    SourceFile,
    Table,
    TABLE_KINDS,
    DOCUMENT_KINDS,
    PHASES,
    SCHEMES,
)
from budget_lod.model.amounts import parse_amount, to_yuan, UNIT_FACTORS  # noqa: F401

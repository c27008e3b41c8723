"""Former home of the desk, kept while callers move to :mod:`core.desk`."""

from core.desk.codec import (
    claim_from_doc,
    claim_record,
    claim_to_dict,
    compact_claim,
    event_record,
    expand_claim,
    new_event_id,
)
from core.desk.files import write_quarantine
from core.desk.migrate import MIGRATIONS, SCHEMA_VERSION
from core.desk.tinydesk import FOLD_BYTES, FOLD_THRESHOLD, Desk

__all__ = [
    "FOLD_BYTES",
    "FOLD_THRESHOLD",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Desk",
    "claim_from_doc",
    "claim_record",
    "claim_to_dict",
    "compact_claim",
    "event_record",
    "expand_claim",
    "new_event_id",
    "write_quarantine",
]

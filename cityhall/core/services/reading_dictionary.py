"""Staff edits of the furigana reading dictionary, audited.

The dictionary itself lives in ``common`` (:mod:`cityhall.common.furigana.
dictionary`); these services add who did it to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityhall.common.furigana.dictionary import (
    reading_entry_delete,
    reading_entry_save,
)
from cityhall.common.models import ReadingEntry
from cityhall.core.services.audit import audit_log


def _identity(entry: ReadingEntry) -> dict[str, str]:
    return {"surface": entry.surface, "reading": entry.reading}


def reading_entry_save_audited(
    *, values: dict[str, Any], entry: ReadingEntry | None, actor: Any
) -> ReadingEntry:
    """Create or change a dictionary entry and record it in the audit trail."""
    with transaction.atomic():
        before = _identity(entry) if entry is not None else {}
        saved = reading_entry_save(
            surface=values.get("surface", ""),
            reading=values.get("reading", ""),
            note=values.get("note", ""),
            entry=entry,
        )
        audit_log(
            actor=actor,
            action="reading_entry.update" if entry else "reading_entry.create",
            target=saved,
            data={**_identity(saved), "before": before},
        )
    return saved


def reading_entry_delete_audited(*, entry: ReadingEntry, actor: Any) -> None:
    """Delete a dictionary entry and record it in the audit trail."""
    with transaction.atomic():
        identity = _identity(entry)
        target_id = str(entry.public_id)
        reading_entry_delete(entry=entry)
        audit_log(
            actor=actor,
            action="reading_entry.delete",
            target_type=ReadingEntry._meta.label_lower,
            target_id=target_id,
            data=identity,
        )

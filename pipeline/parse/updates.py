"""In-page update signals: Updated stamps, modified metadata, corrections, editor's notes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bs4 import BeautifulSoup

from pipeline.models import Block, DateValue, PageMetadata, UpdateNote
from pipeline.parse.dates import parse_text_date

# A note is a paragraph that opens with its label; the label decides the kind.
NOTE_LABEL = re.compile(
    r"^\s*(?:\*\s*)?(?P<label>corrections?|clarifications?|editor[’']?s[’']?\s+note|"
    r"editors[’']\s+note|note\s+to\s+readers|update(?:d)?)\s*(?:\([^)]{0,40}\))?\s*[:—–-]\s*"
    r"(?P<note>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
STORY_UPDATED = re.compile(
    r"^\s*(?:this|the)\s+(?:story|article|post|report|piece)\s+(?:has\s+been|was)\s+"
    r"(?P<what>updated|corrected|amended|clarified)\b",
    re.IGNORECASE,
)
STAMP = re.compile(
    r"^\s*(?:last\s+)?(?:updated|modified)(?:\s+on|\s+at)?\s*[:\s]\s*\S.{2,60}$",
    re.IGNORECASE,
)
KINDS = {"correction": "correction", "clarification": "clarification", "editor": "editors_note",
         "note": "editors_note", "update": "update_note"}
# Notes are short; a long paragraph starting with "Update:" is live-blog content, not a note.
MAX_NOTE_CHARS = 1200


def classify_label(label: str) -> str:
    key = label.lower().split()[0].rstrip("s’'")
    for prefix, kind in KINDS.items():
        if key.startswith(prefix):
            return kind
    return "editors_note"


def find_note_blocks(blocks: Sequence[Block]) -> list[UpdateNote]:
    """Correction, clarification and editor's note paragraphs of the body."""
    notes: list[UpdateNote] = []
    for index, block in enumerate(blocks):
        text = block.text
        if len(text) > MAX_NOTE_CHARS or block.kind == "heading":
            continue
        match = NOTE_LABEL.match(text)
        if match:
            kind = classify_label(match.group("label"))
            note = match.group("note").strip()
        elif STORY_UPDATED.match(text):
            what = STORY_UPDATED.match(text).group("what").lower()  # type: ignore[union-attr]
            kind = "correction" if what == "corrected" else "editors_note"
            note = text.strip()
        else:
            continue
        # A dated note ("Correction, March 3: ...") states when the change was made.
        stated = parse_text_date(text[:160], "note", with_time=True)
        notes.append(UpdateNote(kind=kind, note=note, stated_at=stated, paragraph_index=index))
    return notes


def find_stamp_text(soup: BeautifulSoup) -> str | None:
    """The visible "Updated ..." line, as written (searched in short text nodes only)."""
    for node in soup.find_all(string=STAMP, limit=20):
        parent = node.parent
        if parent is None or parent.name in ("script", "style", "title", "option", "a"):
            continue
        return " ".join(str(node).split())
    return None


def collect_update_notes(
    metadata: PageMetadata, stamp_text: str | None, blocks: Sequence[Block]
) -> tuple[UpdateNote, ...]:
    """All in-page update signals of one parsed page, stamp first, then notes in page order."""
    notes: list[UpdateNote] = []
    modified: DateValue | None = metadata.modified
    if modified is not None:
        if modified.method == "visible_stamp":
            notes.append(UpdateNote("updated_stamp", stamp_text, modified))
        elif metadata.published is None or modified.value != metadata.published.value:
            notes.append(UpdateNote("modified_meta", None, modified))
    notes.extend(find_note_blocks(blocks))
    return tuple(notes)

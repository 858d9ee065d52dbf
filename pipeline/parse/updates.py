"""In-page update signals: Updated stamps, modified metadata, corrections, editor's notes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bs4 import BeautifulSoup, NavigableString

from pipeline.models import Block, DateValue, PageMetadata, UpdateNote
from pipeline.parse.dates import parse_text_date, parse_updated_stamp

# A note is a paragraph that opens with its label; the label decides the kind.
NOTE_LABEL = re.compile(
    r"^\s*(?:\*\s*)?(?P<label>corrections?|clarifications?|editor[’']?s[’']?\s+note|"
    r"editors[’']\s+note|note\s+to\s+readers|update(?:d)?)\s*(?:\([^)]{0,40}\))?\s*[:—–-]\s*"
    r"(?P<note>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Wire services head a revised story with the change in brackets: "(Corrects name in
# paragraph 3)", "(Updates with minister's comments)", "(Adds analyst quote)".
WIRE_NOTE = re.compile(
    r"^\s*\((?P<verb>corrects|clarifies|updates|adds|recasts|refiles|rewrites|removes|changes|"
    r"fixes|deletes|inserts)\s(?P<note>[^()]{3,300}?)\.?\)\s*$",
    re.IGNORECASE,
)
WIRE_KINDS = {"corrects": "correction", "clarifies": "clarification"}
STORY_UPDATED = re.compile(
    r"^\s*(?:this|the)\s+(?:story|article|post|report|piece)\s+(?:has\s+been|was)\s+"
    r"(?P<what>updated|corrected|amended|clarified)\b",
    re.IGNORECASE,
)
# The label of a visible stamp; the date may sit in a child element (<time>) after it.
STAMP_LABEL = re.compile(
    r"^\s*(?:last\s+)?(?:updated|modified|aktualisiert|actualizado|mis\s+à\s+jour|aggiornato|"
    r"bijgewerkt)\b",
    re.IGNORECASE,
)
STAMP_MAX_CHARS = 90
MAX_STAMP_CANDIDATES = 20
KINDS = {"correction": "correction", "clarification": "clarification", "editor": "editors_note",
         "note": "editors_note", "update": "update_note"}
# Notes are short; a long paragraph starting with "Update:" is live-blog content, not a note.
MAX_NOTE_CHARS = 1200
MAX_UPDATE_CHARS = 400
EDGE_BLOCKS = 3
CHANGE_WORDS = re.compile(
    r"\b(?:updat|correct|chang|revis|clarif|amend|earlier\s+version|previous\s+version|"
    r"originally|added|removed|retract|edited|aktualisiert|korrigiert|actualiz|corregid)",
    re.IGNORECASE,
)


def classify_label(label: str) -> str:
    key = label.lower().split()[0].rstrip("s’'")
    for prefix, kind in KINDS.items():
        if key.startswith(prefix):
            return kind
    return "editors_note"


def find_note_blocks(blocks: Sequence[Block]) -> list[UpdateNote]:
    """Correction, clarification and editor's note paragraphs of the body."""
    notes: list[UpdateNote] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        text = block.text
        if len(text) > MAX_NOTE_CHARS or block.kind == "heading":
            continue
        # Notes open or close an article; a labelled paragraph mid-story is story text.
        if EDGE_BLOCKS <= index <= last - EDGE_BLOCKS:
            continue
        match = NOTE_LABEL.match(text)
        if match:
            kind = classify_label(match.group("label"))
            note = match.group("note").strip()
            if kind == "update_note" and len(note) > MAX_UPDATE_CHARS:
                continue  # "Update:" heading a long passage is live-blog text
            if kind == "editors_note" and not CHANGE_WORDS.search(note):
                continue  # an editor's note that introduces a series is not a change
        elif wire := WIRE_NOTE.match(text):
            verb = wire.group("verb").lower()
            kind = WIRE_KINDS.get(verb, "update_note")
            note = f"{verb.capitalize()} {wire.group('note').strip()}"
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
    """The visible "Updated ..." line as written, label and date together."""
    seen = 0
    # A plain walk: find_all(string=...) runs every node through bs4's filter objects.
    for node in soup.descendants:
        if not isinstance(node, NavigableString) or not STAMP_LABEL.search(node):
            continue
        seen += 1
        if seen > MAX_STAMP_CANDIDATES:
            break
        parent = node.parent
        if parent is None or parent.name in ("script", "style", "title", "option", "a", "button"):
            continue
        text = " ".join(parent.get_text(" ", strip=True).split())
        # A stamp is short and holds a digit (a date or "3 hours ago"); a nav label does not.
        if len(text) <= STAMP_MAX_CHARS and any(ch.isdigit() for ch in text):
            return text
    return None


def collect_update_notes(
    metadata: PageMetadata,
    stamp_text: str | None,
    blocks: Sequence[Block],
    fetched_at: datetime | None = None,
) -> tuple[UpdateNote, ...]:
    """All in-page update signals of one page: the stamp or modified metadata, then notes.

    A visible stamp is the row (its own time, else the metadata's); modified metadata
    without a visible stamp is a row only when it is later than the publication time.
    """
    notes: list[UpdateNote] = []
    modified: DateValue | None = metadata.modified
    if stamp_text:
        stated = parse_updated_stamp(stamp_text, fetched_at)
        same_day = stated is not None and modified is not None and (
            modified.value.date() == stated.value.date() and modified.precision == "second")
        if modified is not None and (stated is None or same_day):
            stated = modified  # the same moment, with the precision the metadata gives
        notes.append(UpdateNote("updated_stamp", stamp_text, stated))
    # A modified date before the publication is a template default, not a revision.
    elif modified is not None and (
        metadata.published is None or modified.value > metadata.published.value
    ):
        notes.append(UpdateNote("modified_meta", None, modified))
    notes.extend(find_note_blocks(blocks))
    return tuple(notes)

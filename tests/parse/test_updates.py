"""Update notes: corrections, editor's notes and visible stamps, never site chrome."""

from __future__ import annotations

from datetime import UTC, datetime

from bs4 import BeautifulSoup

from pipeline.models import Block, DateValue, PageMetadata
from pipeline.parse.updates import collect_update_notes, find_note_blocks, find_stamp_text


def blocks(*texts: str) -> list[Block]:
    return [Block(t) for t in texts]


def test_notes_by_label() -> None:
    notes = find_note_blocks(blocks(
        "The council met on Tuesday.",
        "Correction: An earlier version misstated the size of the levy.",
        "Editor’s note: This story has been updated with the final vote.",
        "Clarification (March 4): The fund is run by the region, not the city.",
        "This article has been corrected to fix the spelling of a name.",
    ))
    assert [n.kind for n in notes] == ["correction", "editors_note", "clarification",
                                       "correction"]
    assert notes[0].note == "An earlier version misstated the size of the levy."
    assert notes[0].paragraph_index == 1


def test_wire_notes_in_brackets() -> None:
    notes = find_note_blocks(blocks(
        "(Corrects spelling of the mayor's name in paragraph 4.)",
        "(Updates with the port authority's statement, adds background)",
        "HARBOURTON, March 3 (Northwire) - The council voted on Tuesday to raise the levy.",
    ))
    assert [(n.kind, n.note) for n in notes] == [
        ("correction", "Corrects spelling of the mayor's name in paragraph 4"),
        ("update_note", "Updates with the port authority's statement, adds background"),
    ]
    # a sentence that opens with the verb is story text
    assert find_note_blocks(blocks("Updates to the timetable start on Monday.",
                                   "Adds to the list of towns with a levy.")) == []


def test_long_paragraphs_and_headings_are_not_notes() -> None:
    long = "Update: " + "the river kept rising through the night. " * 60
    assert find_note_blocks([Block(long), Block("Correction: x", kind="heading")]) == []


def test_stamp_text_needs_a_date() -> None:
    soup = BeautifulSoup("<nav><span>Updated</span></nav><p class='ts'>Updated "
                         "<time>March 3, 2026</time></p>", "lxml")
    assert find_stamp_text(soup) == "Updated March 3, 2026"
    assert find_stamp_text(BeautifulSoup("<nav><a>Last updated</a></nav>", "lxml")) is None


def test_modified_meta_only_when_it_is_later_than_published() -> None:
    when = DateValue(datetime(2026, 3, 3, 9, tzinfo=UTC), "second", "jsonld")
    same = PageMetadata(published=when, modified=when)
    assert collect_update_notes(same, None, []) == ()
    later = DateValue(datetime(2026, 3, 4, 9, tzinfo=UTC), "second", "jsonld")
    notes = collect_update_notes(PageMetadata(published=when, modified=later), None, [])
    assert [n.kind for n in notes] == ["modified_meta"]
    # templates fill dateModified with a fixed default older than the story
    default = DateValue(datetime(2001, 1, 1, tzinfo=UTC), "second", "jsonld")
    assert collect_update_notes(PageMetadata(published=when, modified=default), None, []) == ()
    stamped = collect_update_notes(PageMetadata(modified=later), "Updated March 4, 2026", [])
    assert stamped[0].kind == "updated_stamp" and stamped[0].stated_at == later


def test_editors_note_must_speak_of_a_change_and_notes_sit_at_the_edges() -> None:
    story = [f"Paragraph {n} of the story about the harbour." for n in range(10)]
    series = blocks("Editor's note: This column looks at the week in city hall.", *story)
    assert find_note_blocks(series) == []
    middle = blocks(*story[:5], "Correction: the vote was 7-2.", *story[5:])
    assert find_note_blocks(middle) == []
    end = blocks(*story, "Editor's note: This story was updated with the final vote.")
    assert [n.kind for n in find_note_blocks(end)] == ["editors_note"]

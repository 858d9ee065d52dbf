"""Tests for pipeline.parse.dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.parse.dates import (
    date_from_url,
    parse_iso,
    parse_text_date,
    parse_updated_stamp,
)


def test_iso_keeps_the_page_offset() -> None:
    value = parse_iso("2023-06-05T14:30:00-04:00", "jsonld")
    assert value is not None
    assert value.precision == "second"
    assert value.value.utcoffset() == timedelta(hours=-4)
    assert value.value.isoformat() == "2023-06-05T14:30:00-04:00"


def test_iso_without_timezone_is_utc() -> None:
    value = parse_iso("2023-06-05T14:30:00", "meta")
    assert value is not None
    assert value.value.tzinfo is not None
    assert value.value.utcoffset() == timedelta(0)


def test_date_only_is_midnight_utc_day_precision() -> None:
    value = parse_iso("2021-11-30", "meta")
    assert value is not None
    assert value.precision == "day"
    assert value.value == datetime(2021, 11, 30, tzinfo=UTC)


def test_compact_offset_and_z() -> None:
    value = parse_iso("2020-01-02T03:04:05+0530", "meta")
    assert value is not None and value.value.utcoffset() == timedelta(hours=5, minutes=30)
    zulu = parse_iso("2020-01-02T03:04:05Z", "meta")
    assert zulu is not None and zulu.value.utcoffset() == timedelta(0)


def test_swapped_day_and_month_is_repaired() -> None:
    value = parse_iso("2022-29-11", "meta")
    assert value is not None and value.value.date().isoformat() == "2022-11-29"


def test_garbage_gives_none() -> None:
    assert parse_iso("not a date", "meta") is None
    assert parse_iso("0000-00-00", "meta") is None
    assert parse_text_date("", "visible") is None


def test_written_dates_in_several_languages() -> None:
    english = parse_text_date("Posted on March 3rd, 2019 at 9:15 pm EST", "visible")
    assert english is not None
    assert english.value.isoformat() == "2019-03-03T21:15:00-05:00"
    german = parse_text_date("Erschienen am 7. Oktober 2020", "visible")
    assert german is not None and german.value.date().isoformat() == "2020-10-07"
    assert german.precision == "day"
    dotted = parse_text_date("Stand: 24.12.2019", "visible")
    assert dotted is not None and dotted.value.date().isoformat() == "2019-12-24"


def test_updated_stamp_absolute() -> None:
    value = parse_updated_stamp("Updated Jun 9, 2021")
    assert value is not None
    assert value.precision == "day"
    assert value.method == "visible_stamp"
    assert value.value.date().isoformat() == "2021-06-09"
    last = parse_updated_stamp("Last updated: 2 May 2018, 10:05 GMT")
    assert last is not None and last.value.isoformat() == "2018-05-02T10:05:00+00:00"


def test_relative_updated_stamp_needs_a_reference_time() -> None:
    assert parse_updated_stamp("Updated 3 hours ago") is None
    now = datetime(2024, 4, 10, 12, 0, tzinfo=UTC)
    value = parse_updated_stamp("Updated 3 hours ago", now=now)
    assert value is not None
    assert value.value == datetime(2024, 4, 10, 9, 0, tzinfo=UTC)
    days = parse_updated_stamp("Last updated 2 days ago", now=now)
    assert days is not None and days.precision == "day"
    assert days.value.date().isoformat() == "2024-04-08"


def test_not_a_stamp() -> None:
    assert parse_updated_stamp("Published Feb 1, 2022") is None


def test_date_from_url() -> None:
    value = date_from_url("https://news.example.org/2019/07/04/fireworks-story")
    assert value is not None and value.value.date().isoformat() == "2019-07-04"
    assert date_from_url("https://news.example.org/about") is None
    named = date_from_url("https://blog.example.org/2020/march/9/spring-notes/")
    assert named is not None and named.value.date().isoformat() == "2020-03-09"
    bare = date_from_url("https://studio.example.com/journal/2018/7/4/summer-light")
    assert bare is not None and bare.value.date().isoformat() == "2018-07-04"
    assert date_from_url("https://studio.example.com/journal/2018/13/4/x") is None


def test_more_written_date_styles() -> None:
    cases = {
        "Mon Aug 03 12:45:00 EDT 2015": "2015-08-03T12:45:00-04:00",
        "» 2019年02月22日 14時30分 公開": "2019-02-22T14:30:00+00:00",
        "2020년 7월 3일": "2020-07-03T00:00:00+00:00",
        "2023 Jan 7": "2023-01-07T00:00:00+00:00",
        "12-15-2016": "2016-12-15T00:00:00+00:00",
        "duminică, 20 septembrie 2020": "2020-09-20T00:00:00+00:00",
        "القاهرة: الأربعاء، 07 أكتوبر 2020": "2020-10-07T00:00:00+00:00",
        "3 ноября 2021": "2021-11-03T00:00:00+00:00",
        "Von Tennisverband Nord 4.\u20092.\u20092022.": "2022-02-04T00:00:00+00:00",
    }
    for text, expected in cases.items():
        value = parse_text_date(text, "visible")
        assert value is not None, text
        assert value.value.isoformat() == expected, text


def test_slashed_dates_follow_the_page_locale() -> None:
    from pipeline.parse.dates import numeric_order, slash_day_first

    assert slash_day_first(["en", "en_GB"]) and slash_day_first(["de"])
    assert slash_day_first(["es-419"])  # a numeric region code says nothing: Spanish decides
    assert not slash_day_first(["en-US"]) and not slash_day_first(["en"])
    assert not slash_day_first([""]) and not slash_day_first([])
    us = parse_text_date("Posted 02/10/2020", "t")
    assert us is not None and us.value.date() == datetime(2020, 2, 10).date()
    with numeric_order(True):
        uk = parse_text_date("Posted 02/10/2020", "t")
        impossible = parse_text_date("Posted 12/25/2020", "t")
    assert uk is not None and uk.value.date() == datetime(2020, 10, 2).date()
    assert impossible is not None and impossible.value.date() == datetime(2020, 12, 25).date()
    after = parse_text_date("Posted 02/10/2020", "t")
    assert after is not None and after.value.month == 2  # the order is scoped to the block


def test_wiki_last_edited_is_an_update_stamp() -> None:
    value = parse_updated_stamp("This page was last edited on 7 April 2021, at 05:33.")
    assert value is not None and value.value.date() == datetime(2021, 4, 7).date()
    german = parse_updated_stamp("Zuletzt bearbeitet: 03.02.2022")
    assert german is not None and german.value.date() == datetime(2022, 2, 3).date()


def test_words_beside_a_date() -> None:
    from pipeline.parse.dates import count_words_beside_date

    assert count_words_beside_date("By Ann Lee | 3 May 2021, 10:15 am") == 3
    assert count_words_beside_date("Since 12.06.2023 the path along the lake is open.") == 8

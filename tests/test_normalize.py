"""Stable ids and canonical URLs."""

from __future__ import annotations

from pipeline.normalize import (
    article_id_for,
    choose_canonical,
    normalize_url,
    site_of,
    source_id_for,
    stable_id,
)


def test_ids_are_stable_and_distinct() -> None:
    assert stable_id("a", 1) == stable_id("a", 1)
    assert stable_id("a", None) != stable_id("a", "")
    assert stable_id("ab", "c") != stable_id("a", "bc")


def test_article_id_ignores_case_of_host_fragment_and_default_port() -> None:
    base = article_id_for("https://news.example/a/one")
    assert article_id_for("https://NEWS.example:443/a/one#x") == base
    assert article_id_for("https://news.example/a/two") != base


def test_source_id_same_name_and_kind_across_articles() -> None:
    assert source_id_for("Antony  Blinken", "person") == source_id_for("antony blinken", "person")
    assert source_id_for("Reuters", "publication") != source_id_for("Reuters", "organization")


def test_canonical_pointing_at_home_page_is_ignored() -> None:
    page = "https://news.example/a/story"
    assert choose_canonical("https://news.example/", page) == page
    assert choose_canonical(None, page) == page
    assert choose_canonical("https://news.example/a/story-amp", page).endswith("story-amp")
    assert normalize_url("http://x.example:80/p") == "http://x.example/p"
    assert site_of("https://www.news.example/a") == "news.example"

"""Article metadata; precedence: JSON-LD > OpenGraph/article:* > meta/microdata > visible page.

Field        order tried (first usable value wins, except where noted)
-----------  -----------------------------------------------------------------------------
title        h1 when it agrees with og:title/JSON-LD headline/<title> (or the longest <title>
             part); a declared title that the h1 only lengthens; else the h1 unless it shares
             no words with the declared title (or a <title> of 6+ words); else og:title,
             JSON-LD headline, twitter:title, <title> (site-name prefix/suffix stripped), h1;
             an h1 reads without the kicker it prints in an element of its own and without
             short " | " labels after it; a logo h1 (home link, logo class) is no headline;
             a declared "Kicker: h1" wins only when the page prints that kicker above the h1
             (or in it); a <title> of 3+ parts loses the short labels after its headline
authors      JSON-LD author (people only) > meta author/article:author/parsely/dc.creator >
             twitter:label "Written by" > itemprop=author (one byline box) > byline elements
             (class/id "byline|author", those below the h1 first, unless a "By ..." line under
             the h1 comes before them; none in comment threads) > rel=author > author links >
             "By ..." / "Autor:" / "<time> by ..." / "date - Name" text > label elements; an
             author naming the publication (site, publisher or copyright meta) yields to a
             full name the page prints (or an author box's bio: a name heading, then "Name
             is the editor of ..."); the bio comes before the second pass, which takes
             teams and lower-case handles;
             a "By ..." line under the h1 naming someone the page prints nowhere else beats
             structured data (the CMS account that posted the page); with none, "written by"
             in the description > a bold name signing the story > the owner of a personal site
             (a person's name its domain spells)
published    JSON-LD datePublished > article:published_time & friends > itemprop >
             <time datetime> > URL /yyyy/mm/dd/ > visible "Published ..." stamps > <time> text >
             first date after the headline (a near date line before a caption's date, then a
             date line right above the headline); a UTC stamp is restated in the offset that
             puts it on the local day the page states (URL, local metas, <time>, visible date); a
             generic "date"/dc.date meta yields to the date printed after the headline unless
             the URL agrees with it; a short date line right under the headline (a <time> on
             it included, unless marked as an edit) that names another day wins over all of
             these (not an "Updated" line, a teaser list, a day the URL backs, nor an
             OpenGraph-only page's last edit); an undated page is read further down (6000
             characters); a forum's clock ("Aktuelle Zeit: ...") or a member's join date
             never dates the page;
             with no publication date at all, the modified date (an "Updated" stamp counts)
modified     JSON-LD dateModified > article:modified_time & friends > visible "Updated ..."
language     <html lang> > meta content-language > og:locale > JSON-LD inLanguage > langid
canonical    link rel=canonical > og:url > JSON-LD url (resolved against the page URL)
image        og:image > twitter:image > JSON-LD image > first figure image in the article
section/tags JSON-LD articleSection/keywords > article:section/article:tag > meta keywords
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta, timezone
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from pipeline.models import DateValue, LeadImage, PageMetadata
from pipeline.parse.dates import (
    UPDATED_RE,
    count_words_beside_date,
    date_from_url,
    numeric_order,
    parse_any,
    parse_iso,
    parse_text_date,
    parse_updated_stamp,
    slash_day_first,
)
from pipeline.parse.language import detect_language, normalize_lang
from pipeline.parse.text import (
    DIGIT_RE,
    INVISIBLE_TAGS,
    MAX_ATTR_CHARS,
    WORD_RE,
    attr_string,
    attr_value,
    clean_space,
    element_text,
    first_named,
    iter_tags,
    normalize_key,
)
from pipeline.urls import site_host

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "scholarlyarticle", "techarticle", "report", "liveblogposting",
    "socialmediaposting", "discussionforumposting", "posting", "review", "medicalscholarlyarticle",
    "advertisercontentarticle", "creativework", "howto", "recipe", "videoobject", "podcastepisode",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage", "qapage", "faqpage"})
ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website"})

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")
CDATA_RE = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
ALNUM_ONLY_RE = re.compile(r"[\W_]+")
DOMAIN_LIKE_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
# Marks that separate a kicker or a site name from a headline; quotes and "?" are not among them.
SEPARATOR_MARK_RE = re.compile(r"[:|/~\-\u2013\u2014\u00b7\u2022\u00bb\u00ab]")
COUNTER_LIKE_RE = re.compile(r"^\d+\s+\w+$")
TITLE_SEPARATORS_RE = re.compile(r"\s+(?:[|\-–—:·•»«/~]|::)\s+")
BYLINE_CLASS_RE = re.compile(
    r"byline|author|writer|contributor|reporter|\bcredit-name|autor|auteur|verfasser"
)
BYLINE_EXCLUDE_RE = re.compile(r"bio|avatar|image|photo|img|comment|about-author|share|more-by")
BY_PREFIX_RE = re.compile(
    # "Ein Artikel von", "A story by": an article word may come first
    r"^\s*(?:(?:(?:ein|eine|a|an)\s+(?=\w+\s+(?:von|by)\b))?(?:written|posted|reported|reporting|story|text|words|published|compiled|edited"
    r"|erstellt|eingestellt|geschrieben|verfasst|artikel|beitrag|mehr|alles|alle\s+artikel"
    r"|articles|more|all\s+posts|posts|écrit|publié|escrito|scritto)"
    r"\s+)?(?:by|von|par|por|di|door|av|af|text\s*(?:&|\+|und|and)\s*(?:fotos?|photos?|bilder)"
    r"|text|autoren|autor|authors|author|auteurs|auteur|autorin|interview)"
    r"\s*[:\-]?\s+",
    re.IGNORECASE,
)
BY_TEXT_TAGS = frozenset({"p", "span", "div", "address", "strong", "em", "b", "i", "h3", "h4",
                          "h5", "h6", "li", "small", "time"})
BY_GLUED_RE = re.compile(r"^(?:by|von|author|autor|written by)(?=[A-Z])", re.IGNORECASE)
# Job titles written after a name ("Jane Roe Senior Editor"): the name ends before them.
JOB_WORDS = frozenset({
    "editor", "writer", "coordinator", "manager", "director", "specialist", "producer",
    "analyst", "strategist", "officer", "founder", "ceo", "cto", "marketing", "content",
    "head", "lead", "intern", "columnist", "chefredakteur", "chefredakteurin", "redakteur",
    "redakteurin", "correspondent", "reporter", "contributor", "journalist", "editor-in-chief",
    "senior", "staff", "associate", "assistant", "freelance", "photographer", "privacy",
    "former",
})
BY_START_RE = re.compile(
    r"^\s*(?:(?:written|posted|story|words|text|reporting)\s+by|by|von|par|por|text:"
    r"|(?:autor(?:in)?|author|auteur)\s?:"
    r"|written by:|(?:ein|eine|a|an)\s+(?:artikel|beitrag|article|story|post)\s+(?:von|by))"
    r"\s*:?(?:\s+\S|\s*$)",
    re.IGNORECASE,
)
AUTHOR_HREF_RE = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|journalist|journalists|writers?|contributors?"
    r"|reporters?|redakteur|profile/author)/[^/?#]+", re.IGNORECASE)
NAME_SPLIT_RE = re.compile(
    r"\s*(?:,|;|\||/|&|\+|\band\b|\bund\b|\bwith\b|(?-i:\s(?:et|y|i|e|en|og|och)\s))\s*",
    re.IGNORECASE,
)
# A date printed after the name ("Jane Roe • March 12", "Jane RoeDecember 17", "am Samstag").
NAME_DATE_TRAILER_RE = re.compile(
    r"\s*[•|·,]?\s*(?:\b(?:am|on|le|el|il)\s+)?"
    r"(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)\b\.?,?\s+\d"
    r"|\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b"
    # day first ("Jane Roe 4 August 2010", "Jane Roe 04.08.2010")
    r"|\b\d{1,2}\.?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{4}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    # an ISO date, as CMS templates print it ("Jane Roe 2021-05-03 14:27")
    r"|(?<!\d)\d{4}-\d{2}-\d{2}\b).*$",
    re.IGNORECASE,
)
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# A date printed before the name ("Dec 17, 2025Jane Roe", "2025-12-17 · Jane Roe").
NAME_DATE_PREFIX_RE = re.compile(
    rf"^\s*(?:{_MONTH_NAME}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    rf"|\d{{1,2}}\.?\s+{_MONTH_NAME}\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})\s*[•|·,:–—-]?\s*",
    re.IGNORECASE,
)
NAME_TRAILER_RE = re.compile(
    r"\s*(?:\bon\s+behalf\s+of\b.*$"
    r"|\bin\s+[A-Z][\w .]+$|\bfor\s+(?:the\s+)?[A-Z].*$|\bat\s+[A-Z].*$|\(.*?\)|\s[-–—]\s.*$"
    r"|\bupdated\b.*$|\bpublished\b.*$|\bon\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec).*$"
    # the post's date and tags after the name: "Jane Roe on 2021-05-03 in misc. Tags: a, b"
    r"|\bon\s+\d{4}-\d\d-\d\d\b.*$|\s(?:tags|tagged|filed\s+under|categories|schlagworte)\s*:.*$"
    # the picture credit after the writer: "Interview: Jane Roe Foto: John Doe"
    r"|\s(?:fotos?|photos?|bilder?|illustrations?)\s*:.*$)",
    re.IGNORECASE,
)
NOT_PERSON_WORDS = frozenset({
    "staff", "editor", "editors", "editorial", "team", "desk", "news", "newsroom", "agency",
    "press", "associated", "reuters", "afp", "ap", "dpa", "bloomberg", "admin", "administrator",
    "contributor", "contributors", "correspondent", "reporter", "writer", "writers", "guest",
    "redaktion", "online", "magazine", "daily", "times", "post", "journal", "media", "group",
    "com", "www", "http", "https", "sponsored", "partner", "wire", "service", "services",
    "published", "updated", "photo", "photos", "video", "by", "and", "the", "author",
    "correspondents", "anonymous", "unknown", "web", "redakteur", "redaktor", "nachrichten",
    "zeitung", "report", "reports", "staffer", "digital", "network", "contributing", "senior",
    "chief", "political", "managing", "office", "bureau", "feed", "rss", "blog", "newsletter",
    "kna", "epd", "apa", "sid", "ansa", "efe", "pap", "tt", "ntb", "upi", "cnn", "bbc", "nbc",
    "fox", "cbs", "abc", "npr", "pbs", "mail", "tribune", "herald", "gazette", "review",
    "science", "health", "sports", "world", "politics", "business", "opinion", "view",
    "editorial board", "wires", "agencies", "agences", "agenturen", "board", "follow",
    "email", "twitter", "facebook", "instagram", "linkedin", "more", "read", "articles",
    "posts", "see", "all", "profile", "contact", "share", "comments", "comment",
    "autor", "autorin", "text", "foto", "fotos", "bild", "folgen", "last", "themen", "mehr",
    "bio",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "min", "minutes",
    "reading", "time", "studio", "images", "getty", "shutterstock", "istock", "human",
    "property", "home", "verlag", "keystone", "imago", "picture", "sign", "login", "logout",
    "register", "subscribe", "games", "newsdesk", "expert", "founder", "co-founder", "grader",
    "journalism", "company", "type", "datum", "posted", "hardware", "licensed", "alle",
    "artikel", "dietitian", "nutritionist", "medically", "reviewed", "fact", "checked",
    # labels and widget words that byline boxes print where a name could stand
    "quelle", "name", "zeige", "gesponserte", "inhalte", "edit", "veröffentlicht", "auteur",
    "autore", "автор",
})
NAME_PARTICLES = frozenset({
    "de", "da", "del", "della", "der", "den", "van", "von", "la", "le", "di", "du", "bin",
    "al", "el", "ter", "ten", "dos", "das", "st", "y", "zu", "mc", "mac", "o", "ibn", "ben",
})
# Degrees after a name: any spelling after a comma ("Jane Roe, md"); without the comma only as
# degrees are written ("Jane Roe MD", "Jane Roe PhD"), since "Ma" and "Dr" end real surnames.
NAME_CREDENTIALS_RE = re.compile(
    r"(?:,\s*(?i:md|phd|rn|jr|sr|mph|msc|ma|mba|dr|prof)"
    r"|\s+\b(?:MD|M\.D|PhD|Ph\.D|RN|Jr|Sr|MPH|MSc|MA|MBA|Prof))\.?$")
# A date line that names the author after a dash: "11.12.2019 - Jane Roe", "2021-05-03 | Jane Roe"
DATED_NAME_RE = re.compile(
    r"^\s*(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\s*[-–—|·•]\s*"
    r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3}\s*$")
PUBLISH_KEY_RE = re.compile(
    r"publish|pub[_-]?(?:date|time)|issued|release[_-]?date|date[_-]?created"
)
MODIFIED_KEY_RE = re.compile(r"modif|updat|expir|lastmod")
SKIP_STRING_TYPES = (Comment, Declaration, Doctype, ProcessingInstruction)
EMAIL_RE = re.compile(r"\S+@\S+")
HANDLE_RE = re.compile(r"@\w+")
PHOTO_CREDIT_RE = re.compile(
    r"(?:photo|photograph|image|picture|foto|bild|credit|source)s?\s*(?:by|:)\s*(.+)$",
    re.IGNORECASE,
)
# "lastmod", "pageinfo": the "last edited" line wikis print under the page
STAMP_CLASS_RE = re.compile(
    r"date|time|stamp|updated|modified|published|dateline|meta|lastmod|pageinfo")
PUBLISHED_TEXT_RE = re.compile(
    r"(?:published|posted|erschienen|veröffentlicht|publié|publicado|pubblicato|first published)"
    r"\s*(?:on|at|:|am)?\s*",
    re.IGNORECASE,
)
# Forum and portal headers print the reader's clock ("Aktuelle Zeit: 14.10.2020, 12:18",
# "It is currently ...") and profile boxes the day a member joined ("Registriert: ..."):
# never the post's date. Only as a label opening the text: prose says "joined" too.
CLOCK_LABEL_RE = re.compile(
    r"^\W*(?:aktuelles?\s+(?:zeit|datum)|it\s+is\s+currently|current\s+(?:date|time)"
    r"|the\s+time\s+now\s+is|heure\s+actuelle|(?:fecha|hora)\s+actual|ora\s+attuale"
    r"|registriert|anmeldedatum|mitglied\s+seit|joined|member\s+since|inscrit\s+le)\b",
    re.IGNORECASE,
)
CREDIT_CLASS_RE = re.compile(r"credit|copyright|byline|source|attribution")
SKIP_TEXT_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "nav", "footer", "header", "aside", "form",
    "button", "select", "option", "head", "iframe",
})

# Meta keys, in precedence order, for each field ("og"/"twitter" keys keep their prefix).
TITLE_METAS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title",
               "parsely-title", "sailthru.title", "headline", "title")
AUTHOR_METAS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "citation_author", "byl", "og:article:author",
                "article:author_name", "cxenseparse:author", "content_author", "authors")
PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "published_time", "publish_date", "publish-date", "publishdate",
    "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date", "citation_date",
    "citation_publication_date", "article.published", "article_date_original",
    "originalpublicationdate",
    "publication_date", "date_published", "displaydate", "og:published_time", "datecreated",
    "cxenseparse:recs:publishtime", "article.created", "created", "og:pubdate", "release_date",
    "pub_date", "publication-date", "published-date", "date.available", "dc.date.available",
    "last-modified" if False else "timestamp",
)
MODIFIED_METAS = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "article:modified", "modified_time", "dc.date.modified", "dcterms.modified",
    "last-modified", "lastmod", "article.updated", "updated_time", "date_modified",
    "revision_date", "parsely-updated", "cxenseparse:recs:modifiedtime",
)
DESCRIPTION_METAS = ("og:description", "description", "twitter:description", "dc.description",
                     "dcterms.description", "sailthru.description")
SECTION_METAS = ("article:section", "og:article:section", "section", "parsely-section",
                 "article-section", "cxenseparse:recs:articlesection", "category")
TAG_METAS = ("article:tag", "og:article:tag", "news_keywords", "keywords", "parsely-tags",
             "sailthru.tags", "dc.subject")
LANG_METAS = ("content-language", "og:locale", "dc.language", "dcterms.language", "language",
              "lang", "inlanguage")
SITE_METAS = ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher",
              "cxenseparse:site", "apple-mobile-web-app-title")
IMAGE_METAS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
               "twitter:image:src", "image", "thumbnail")


@dataclass
class PageScan:
    """Everything one walk over the tree collects for metadata extraction."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    canonical: str = ""
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    times: list[Tag] = field(default_factory=list)
    h1s: list[Tag] = field(default_factory=list)
    # the h1 that holds the article's title (pages put logos and menus in h1s too)
    headline: Tag | None = None
    title_tag: str = ""
    html_lang: str = ""
    itemprops: dict[str, list[Tag]] = field(default_factory=dict)
    bylines: list[Tag] = field(default_factory=list)
    # how many bylines were seen before the first h1: bylines above it sit in page chrome
    bylines_before_h1: int = -1
    by_texts: list[Tag] = field(default_factory=list)
    # elements holding only a byline label ("Written by", "Autor:"); the name follows them
    byline_labels: list[Tag] = field(default_factory=list)
    rel_authors: list[Tag] = field(default_factory=list)
    author_links: list[Tag] = field(default_factory=list)
    stamps: list[Tag] = field(default_factory=list)
    figures: list[Tag] = field(default_factory=list)
    paragraphs: list[Tag] = field(default_factory=list)
    # paragraphs that open like an author's bio ("Jane Roe is the editor of ...")
    bios: list[Tag] = field(default_factory=list)
    scripts: list[Tag] = field(default_factory=list)
    body: Tag | None = None


def extract_metadata(soup: BeautifulSoup, url: str) -> PageMetadata:
    """Reconcile structured data, meta tags and the visible page into PageMetadata.

    Reads the tree only (never mutates it); any missing or broken field stays empty.
    """
    return read_page(soup, url)[0]


def read_page(soup: BeautifulSoup, url: str) -> tuple[PageMetadata, tuple[str, ...]]:
    """The page's metadata and its headline texts (<title>, the first two <h1>), from one walk.

    A page that breaks a reader keeps empty metadata: its text is still worth parsing.
    """
    try:
        scan = scan_page(soup)
        headlines = ((scan.title_tag,) if scan.title_tag else ()) + tuple(
            h1.get_text(" ", strip=True) for h1 in scan.h1s[:2])
        return build_metadata(scan, url or ""), headlines
    except Exception:  # a malformed page must never stop the pipeline
        return PageMetadata(), ()


def build_metadata(scan: PageScan, url: str) -> PageMetadata:
    nodes = scan.jsonld
    ids = {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str)}
    article = pick_article(nodes)
    page_node = next((n for n in nodes if node_types(n) & PAGE_TYPES), None)
    methods: dict[str, str] = {}

    site_name = pick_site_name(scan, article, ids)
    if site_name:
        methods["site_name"] = site_name[1]
    site = site_name[0] if site_name else None

    title = pick_title(scan, article, site, url)
    if title:
        methods["title"] = title[1]
        scan.headline = find_headline(scan, title[0])

    description = first_text(
        [(scan.metas.get(k, []), "og" if k.startswith("og:") else f"meta:{k}")
         for k in DESCRIPTION_METAS[:1]]
        + [([str(article.get("description"))] if article and article.get("description") else [],
            "jsonld")]
        + [(scan.metas.get(k, []), f"meta:{k}") for k in DESCRIPTION_METAS[1:]]
    )
    if description:
        methods["description"] = description[1]

    # an author box's bio names a person where the page declares only a team or a brand
    authors = (pick_authors(scan, article, ids, site, page_node) or bio_author(scan, site)
               or pick_authors(scan, article, ids, site, page_node, relaxed=True))
    if authors and authors[1] not in VISIBLE_METHODS and all(
            names_publication(name, site, url, article, ids, scan.metas) for name in authors[0]):
        # Structured data often names the publication where the page prints a reporter's
        # byline: the person who wrote it is the author readers see.
        person = (visible_authors(scan, site, clean_authors) or signed_paragraph(scan, site)
                  or bio_author(scan, site))
        # a full name, not a lone word from a byline box (a section label, a first name)
        if person and all(" " in name for name in person[0]):
            authors = person
    if authors and authors[1] not in VISIBLE_METHODS:
        authors = find_writer_over_poster(scan, site, authors[0]) or authors
    if authors and authors[1] not in VISIBLE_METHODS:
        authors = add_byline_coauthors(scan, site, authors)
    if not authors:
        authors = described_author(description[0] if description else "", site)
    if not authors:
        authors = signed_paragraph(scan, site)
    if not authors:
        authors = pick_site_owner(scan, site, url)
    if authors:
        authors = (complete_first_names(authors[0], scan, site), authors[1])
        methods["authors"] = authors[1]

    # "02/10/2020" is 2 October on a British or German page and February 10 on an American one.
    locales = [scan.html_lang] + [v for k in LANG_METAS for v in scan.metas.get(k, [])[:1]]
    with numeric_order(slash_day_first(locales)):
        modified = pick_modified(scan, article, page_node)
        published = pick_published(scan, article, page_node, url, modified)
        if published is None and modified is None:
            modified = deep_updated_date(scan)
    if published:
        methods["published"] = published.method
    if modified:
        methods["modified"] = modified.method

    section = pick_section(scan, article)
    if section:
        methods["section"] = section[1]
    tags = pick_tags(scan, article)
    if tags:
        methods["tags"] = tags[1]

    language = pick_language(scan, article)
    if language:
        methods["language"] = language[1]

    canonical = pick_canonical(scan, article, url)
    if canonical:
        methods["canonical_url"] = canonical[1]

    image = pick_image(scan, article, url)
    if image:
        methods["image"] = image[1]

    return PageMetadata(
        title=title[0] if title else None,
        description=description[0] if description else None,
        authors=authors[0] if authors else (),
        published=published,
        modified=modified,
        section=section[0] if section else None,
        tags=tags[0] if tags else (),
        language=language[0] if language else None,
        canonical_url=canonical[0] if canonical else None,
        site_name=site,
        image=image[0] if image else None,
        methods=methods,
    )


# --- one walk over the tree -------------------------------------------------------------


CONTAINER_TAGS = frozenset({"html", "body", "main", "article"})
LABEL_TAGS = frozenset({"strong", "b", "em", "i", "span"})
# Headings and terms that print a byline label above or beside the name.
LABEL_BLOCK_TAGS = frozenset({"h2", "h5", "h6", "dt", "label"})
LABEL_HOLDER_TAGS = BY_TEXT_TAGS | LABEL_BLOCK_TAGS  # the tags that may hold a byline label
MARKER_CLASS_RE = re.compile(f"{BYLINE_CLASS_RE.pattern}|{STAMP_CLASS_RE.pattern}")
# One pattern for the hot path: "By ..." lines and "date - name" lines.
BY_LINE_RE = re.compile(f"{BY_START_RE.pattern}|{DATED_NAME_RE.pattern}", re.IGNORECASE)


def scan_page(soup: BeautifulSoup) -> PageScan:
    scan = PageScan()
    html = soup.find("html")
    if isinstance(html, Tag):
        scan.html_lang = attr_value(html, "lang") or attr_value(html, "xml:lang")
    # One walk over every element: this loop is the hot path of metadata extraction, so it
    # reads tag.attrs directly and tests class/id against one combined pattern first.
    for tag in soup.descendants:
        if not isinstance(tag, Tag):
            continue
        name = tag.name
        if name == "meta":
            read_meta(tag, scan)
            continue
        if name == "link":
            rel = attr_value(tag, "rel").lower()
            if "canonical" in rel.split() and not scan.canonical:
                scan.canonical = attr_value(tag, "href")
            elif rel == "author" and attr_value(tag, "href"):
                scan.metas.setdefault("link:author", []).append(attr_value(tag, "href"))
            continue
        if name == "script":
            if "ld+json" in attr_value(tag, "type").lower():
                scan.jsonld.extend(load_jsonld(tag.string or tag.get_text()))
            elif len(scan.scripts) < 40:
                scan.scripts.append(tag)
            continue
        if name == "title":
            if not scan.title_tag and not in_svg(tag):
                scan.title_tag = clean_space(tag.get_text())
            continue
        if name == "h1":
            if not scan.h1s:
                scan.bylines_before_h1 = len(scan.bylines)
            scan.h1s.append(tag)
        elif name == "body" and scan.body is None:
            scan.body = tag
        elif name == "time":
            scan.times.append(tag)
            if len(scan.by_texts) < 20:
                by_after_stamp(tag, scan)
        elif name == "figure":
            scan.figures.append(tag)
        elif name == "p":
            if len(scan.paragraphs) < 60:
                scan.paragraphs.append(tag)
            first_child = tag.contents[0] if tag.contents else None
            if (len(scan.bios) < 4 and isinstance(first_child, NavigableString)
                    and opens_bio(first_child)):
                scan.bios.append(tag)
        elif name == "a":
            if "author" in attr_value(tag, "rel").lower():
                scan.rel_authors.append(tag)
            elif len(scan.author_links) < 10 and AUTHOR_HREF_RE.search(attr_value(tag, "href")):
                scan.author_links.append(tag)
        attrs = tag.attrs
        if attrs:
            prop = attrs.get("itemprop")
            if prop:
                for key in (prop if isinstance(prop, list) else str(prop).split()):
                    scan.itemprops.setdefault(key.lower(), []).append(tag)
            classes = attrs.get("class")
            ident = attrs.get("id")
            if (classes or ident) and name not in CONTAINER_TAGS:
                text = " ".join(classes) if isinstance(classes, list) else classes or ""
                if isinstance(ident, str):
                    text = f"{text} {ident}"
                text = text[:MAX_ATTR_CHARS].lower()
                if MARKER_CLASS_RE.search(text):
                    if BYLINE_CLASS_RE.search(text) and not BYLINE_EXCLUDE_RE.search(text):
                        scan.bylines.append(tag)
                    if STAMP_CLASS_RE.search(text):
                        scan.stamps.append(tag)
        if name in LABEL_HOLDER_TAGS and len(scan.byline_labels) < 6:
            contents = tag.contents
            if (len(contents) == 1 and isinstance(contents[0], NavigableString)
                    and len(contents[0]) < 40 and AUTHOR_LABEL_RE.match(contents[0])):
                scan.byline_labels.append(tag)
        if name in BY_TEXT_TAGS and len(scan.by_texts) < 20:
            contents = tag.contents
            first = contents[0] if contents else None
            if not isinstance(first, NavigableString):
                pass
            elif (name in LABEL_TAGS and len(contents) == 1 and isinstance(tag.parent, Tag)
                  and BYLINE_LABEL_RE.match(first)):
                # "<strong>Autor:</strong> Jane Roe": the label's parent is the byline.
                scan.by_texts.append(tag.parent)
            elif BY_LINE_RE.match(first):
                scan.by_texts.append(tag)
    return scan


# An author box's bio opens with the name its heading prints: "Jane Roe is the editor of ...".
BIO_OPENING_RE = re.compile(
    r"\s*([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s+(?:is|was|ist|war)\s+"
    r"(?:a|an|the|our|one|ein|eine|der|die)\s")


# "by" right after a printed date: "<time>May 3, 2021</time> by Jane Roe".
BY_AFTER_STAMP_RE = re.compile(r"^\s*[|·•,]?\s*(?:by|von|par|por)\s+\S", re.IGNORECASE)


def by_after_stamp(tag: Tag, scan: PageScan) -> None:
    """A date line that goes on with the author: its "by" text follows the date element."""
    node: Tag = tag
    if node.next_sibling is None and isinstance(node.parent, Tag) and node.parent.name == "a":
        node = node.parent  # the date links to the post
    following = node.next_sibling
    if (isinstance(following, NavigableString) and not isinstance(following, SKIP_STRING_TYPES)
            and isinstance(node.parent, Tag) and BY_AFTER_STAMP_RE.match(following)):
        scan.by_texts.append(node.parent)


def in_svg(tag: Tag) -> bool:
    return any(parent.name == "svg" for parent in tag.parents)


def read_meta(tag: Tag, scan: PageScan) -> None:
    key = (attr_value(tag, "property") or attr_value(tag, "name") or attr_value(tag, "itemprop")
           or attr_value(tag, "http-equiv")).lower()
    if not key:
        return
    content = attr_value(tag, "content")
    if not content:
        content = attr_value(tag, "value")
    if content:
        scan.metas.setdefault(key, []).append(content)


# --- JSON-LD ----------------------------------------------------------------------------


def load_jsonld(raw: str) -> list[dict[str, Any]]:
    """Parse one JSON-LD script into a flat list of nodes; broken JSON is repaired or skipped."""
    raw = CDATA_RE.sub("", raw.strip())
    if not raw:
        return []
    data = parse_json(raw)
    if data is None:
        return []
    nodes: list[dict[str, Any]] = []
    flatten_nodes(data, nodes, 0)
    return nodes


def parse_json(raw: str) -> Any:
    for attempt in (raw, TRAILING_COMMA_RE.sub(r"\1", CONTROL_RE.sub(" ", raw))):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            pass
    # Several objects back to back, or garbage after the first one.
    decoder = json.JSONDecoder(strict=False)
    text = TRAILING_COMMA_RE.sub(r"\1", CONTROL_RE.sub(" ", raw))
    items: list[Any] = []
    index = 0
    while index < len(text):
        start = text.find("{", index)
        if start < 0:
            break
        try:
            item, index = decoder.raw_decode(text, start)
        except ValueError:
            break
        items.append(item)
    return items or None


def flatten_nodes(data: Any, out: list[dict[str, Any]], depth: int) -> None:
    """Collect typed nodes from top-level arrays, @graph and mainEntity nesting."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            flatten_nodes(item, out, depth + 1)
        return
    if not isinstance(data, dict):
        return
    if "@type" in data or "@id" in data:
        out.append(data)
    for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
        child = data.get(key)
        if isinstance(child, (dict, list)):
            flatten_nodes(child, out, depth + 1)


def node_types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {str(v).lower().rsplit("/", 1)[-1] for v in value}
    return set()


def pick_article(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The node that describes this article; the richest one when several qualify."""
    best: dict[str, Any] | None = None
    best_score = -1
    for node in nodes:
        types = node_types(node)
        if not types & ARTICLE_TYPES:
            continue
        score = sum(1 for key in ("headline", "datePublished", "author", "articleBody")
                    if key in node)
        if types & {"newsarticle", "article", "blogposting", "reportagenewsarticle"}:
            score += 1
        if score > best_score:
            best, best_score = node, score
    return best


def as_text(value: Any) -> str:
    """A JSON-LD value as plain text (first of a list, @value/name of an object)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if not isinstance(value, (str, int, float)):
        return ""
    return clean_space(unescape_html(str(value)))


def unescape_html(text: str) -> str:
    if "&" not in text and "<" not in text:
        return text
    import html

    if "<" in text:
        text = re.sub(r"<[^>]{0,200}>", " ", text)
    return html.unescape(text)


# --- field pickers ----------------------------------------------------------------------


def first_text(sources: Iterable[tuple[list[str], str]]) -> tuple[str, str] | None:
    for values, method in sources:
        for value in values:
            text = clean_space(unescape_html(value))
            if text:
                return text, method
    return None


def meta_method(key: str) -> str:
    if key.startswith("og:"):
        return "og"
    if key.startswith("twitter:"):
        return "twitter"
    if key.startswith(("dc.", "dcterms.")):
        return "dublin_core"
    return f"meta:{key}"


def pick_site_name(
    scan: PageScan, article: dict[str, Any] | None, ids: dict[str, dict[str, Any]]
) -> tuple[str, str] | None:
    for key in ("og:site_name", "application-name", "dc.publisher"):
        for value in scan.metas.get(key, []):
            text = clean_space(unescape_html(value))
            if text:
                return text, meta_method(key)
    if article:
        publisher = article.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, dict) and "name" not in publisher and publisher.get("@id"):
            publisher = ids.get(str(publisher["@id"]), publisher)
        name = as_text(publisher)
        if name:
            return name, "jsonld"
    return None


BREADCRUMB_MARK = " \u00bb "


def strip_site_suffix(title: str, site: str | None, host: str = "") -> str:
    """Drop " | Site", " - Site" parts that name the site rather than the article."""
    parts = TITLE_SEPARATORS_RE.split(title)
    if len(parts) < 2:
        return title
    # A breadcrumb ("Site » Section » Headline") leads down to the headline at its end.
    if (len(parts) >= 3 and BREADCRUMB_MARK in title
            and title.rsplit(BREADCRUMB_MARK, 1)[1] == parts[-1]
            and len(parts[-1].split()) >= 3):
        return parts[-1]
    # Some sites lead with their name ("Example News » Section » Headline"); what follows it
    # still gets the suffix rules below, so a section label after the name goes too.
    lead = 0
    while lead < len(parts) - 1 and names_site(parts[lead], site, host):
        lead += 1
    if lead:
        title, parts = rejoin(title, parts[lead:]), parts[lead:]
        if len(parts) < 2:
            return title
    site_key = normalize_key(site) if site else ""
    if site_key:
        compact_site = site_key.replace(" ", "")
        kept = [p for p in parts if normalize_key(p) != site_key and not (
            len(p) < 40
            and compact_site in normalize_key(p).replace(" ", "").replace(".", ""))]
        if kept and len(kept) < len(parts):
            return rejoin(title, kept)
    # Without a known site name, a short last segment is most likely the site.
    if len(parts[-1]) <= 30 and len(parts[0]) >= 15:
        return rejoin(title, parts[:-1])
    if len(parts[0]) <= 20 and len(parts[-1]) >= 25 and len(parts) == 2:
        return parts[-1]
    return title


def rejoin(title: str, kept: list[str]) -> str:
    # Reuse the original text span so separators inside the article title survive.
    start = title.find(kept[0])
    end = title.find(kept[-1], max(start, 0)) + len(kept[-1])
    if start >= 0 and end > start:
        return title[start:end].strip()
    return " ".join(kept)


def names_site(text: str, site: str | None, host: str) -> bool:
    """Whether a short title part names the site (its og:site_name or its domain)."""
    compact = ALNUM_ONLY_RE.sub("", normalize_key(text))
    if not compact or len(text) > 40:
        return False
    if site and compact == ALNUM_ONLY_RE.sub("", normalize_key(site)):
        return True
    if compact == ALNUM_ONLY_RE.sub("", host):  # the whole host, "example.com" spelled out
        return True
    labels = [label for label in host.split(".")[:-1] if len(label) >= 3]
    return any(ALNUM_ONLY_RE.sub("", label) in (compact, compact.removesuffix("ev"))
               or (len(compact) >= 4 and compact in ALNUM_ONLY_RE.sub("", label))
               for label in labels)


def beside_site_name(text: str, title_tag: str) -> bool:
    """Whether <title> is this declared title plus separated extras (a site name, a section).

    Such a declared title is already clean: stripping a short last part from it would cut the
    headline's own subtitle ("Headline - a subtitle"), which the <title> shows is not a site.
    """
    key, whole = normalize_key(text), normalize_key(title_tag)
    if len(key) < 10 or key == whole:
        return False
    if whole.startswith(key):
        return TITLE_SEPARATORS_RE.match(whole[len(key):]) is not None
    if whole.endswith(key):
        return bool(SEPARATOR_MARK_RE.fullmatch(whole[: -len(key)].rstrip()[-1:]))
    return False


def strip_candidate(text: str, method: str, title_tag: str, site: str | None, host: str) -> str:
    """A title candidate without its site name; a declared title that <title> shows beside
    the site name is clean already (its last part is a subtitle, not a site)."""
    if (method != "title_tag" and beside_site_name(text, title_tag)
            and not names_site(TITLE_SEPARATORS_RE.split(text)[-1], site, host)):
        return text
    return strip_site_suffix(text, site, host)


# " | " inside a printed headline sets off a label ("| Opinion", "| Part 1") or the site.
PIPE_SEPARATOR_RE = re.compile(r"\s+\|\s+")


def pick_title(
    scan: PageScan, article: dict[str, Any] | None, site: str | None, url: str = ""
) -> tuple[str, str] | None:
    title = choose_title(scan, article, site, url)
    if title and title[1] == "h1":
        return drop_pipe_labels(title[0]), "h1"
    return title


# A title part of this many words or fewer is a label (a section, a series part, a site).
LABEL_MAX_WORDS = 3


def drop_trailing_labels(text: str) -> str:
    """A title without the short labels it strings after the headline."""
    parts = TITLE_SEPARATORS_RE.split(text)
    while len(parts) > 1 and len(WORD_RE.findall(parts[-1])) <= LABEL_MAX_WORDS:
        parts.pop()
    return rejoin(text, parts)


def drop_pipe_labels(text: str) -> str:
    """An h1 without the short labels it prints after " | " (a column, a part, the site)."""
    parts = PIPE_SEPARATOR_RE.split(text)
    while len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
        parts.pop()
    return rejoin(text, parts)


def choose_title(
    scan: PageScan, article: dict[str, Any] | None, site: str | None, url: str = ""
) -> tuple[str, str] | None:
    host = site_host(url)
    candidates: list[tuple[str, str]] = []
    for key in ("og:title",):
        for value in scan.metas.get(key, [])[:1]:
            candidates.append((clean_space(unescape_html(value)), "og"))
    if article:
        headline = as_text(article.get("headline") or article.get("name"))
        if headline:
            candidates.append((headline, "jsonld"))
    for key in ("twitter:title", "dc.title", "citation_title", "parsely-title", "headline"):
        for value in scan.metas.get(key, [])[:1]:
            candidates.append((clean_space(unescape_html(value)), meta_method(key)))
    if scan.title_tag:
        candidates.append((scan.title_tag, "title_tag"))
    # A meta whose content="..." was closed early by a quote inside the headline stops where
    # <title> goes on with that quote: it is a cut-off headline, not a shorter one.
    candidates = [(t, m) for t, m in candidates if t and not (
        m != "title_tag" and scan.title_tag.startswith(t)
        and scan.title_tag[len(t):].lstrip().startswith(('"', "'")))]
    h1_tags = [h1 for h1 in scan.h1s[:6] if not in_chrome(h1) and not is_logo_heading(h1)
               and not is_section_anchor(h1)]
    # h1s that link away are teasers of other stories or section labels, not the headline,
    # as long as an h1 that stays on the page is left (a blog links its only h1 to the post)
    unlinked = [h1 for h1 in h1_tags if not links_elsewhere(h1, url)]
    if unlinked:
        h1_tags = unlinked
    h1_pairs = [(read_headline(h1), element_text(h1)) for h1 in h1_tags]
    h1_texts = [text for text, _ in h1_pairs]
    # The kicker each h1 prints apart from its headline.
    h1_kickers = {text: normalize_key(whole[: whole.rfind(text)]).rstrip(": ")
                  for text, whole in h1_pairs if text != whole}
    site_key = normalize_key(site) if site else ""
    stripped = [(strip_candidate(t, m, scan.title_tag, site, host), m) for t, m in candidates]
    # Parts of <title> after the headline name the site; an h1 equal to one is the logo. The
    # longest part is the headline itself, even after a "Site - Section - " prefix.
    title_parts = TITLE_SEPARATORS_RE.split(scan.title_tag)
    longest = max(range(len(title_parts)), key=lambda i: len(title_parts[i]))
    site_parts = {normalize_key(p) for i, p in enumerate(title_parts) if 0 < i != longest}
    site_parts.add(site_key)
    h1_texts = [t for t in h1_texts if 3 <= len(t) <= 300 and normalize_key(t) not in site_parts
                and not DOMAIN_LIKE_RE.match(t) and not COUNTER_LIKE_RE.match(t)
                # a logo h1 spells the site or its domain ("Example News" on example-news.com)
                and not (candidates and names_site(t, site, host))]
    # a box printed twice (a newsletter sign-up above and below the text) is one widget
    h1_texts = list(dict.fromkeys(h1_texts))
    keys = {normalize_key(t) for t, _ in stripped} | {normalize_key(t) for t, _ in candidates}
    if len(title_parts) >= 2:
        keys.add(normalize_key(title_parts[longest]))
    for text in h1_texts:
        if normalize_key(text) in keys:
            return text, "h1"
    # A kicker styled apart from the headline loses its ":" in the h1's text; the meta keeps it.
    # A meta that adds no separator only restyles quotes or drops a "?": the h1 is as printed.
    for text in h1_texts[:1]:
        letters = ALNUM_ONLY_RE.sub("", normalize_key(text))
        for candidate, method in stripped:
            if letters and ALNUM_ONLY_RE.sub("", normalize_key(candidate)) == letters:
                if (len(SEPARATOR_MARK_RE.findall(candidate))
                        > len(SEPARATOR_MARK_RE.findall(text))):
                    return candidate, method
                return text, "h1"
    h1_tag = next((h1 for h1, (text, _) in zip(h1_tags, h1_pairs, strict=True)
                   if h1_texts and text == h1_texts[0]), None)
    # An h1 that prints a kicker before the headline ("Topic Headline") ends with the headline.
    # The kicker stands in markup of its own; words in the headline's own text ("2025 Best
    # Picks", "\"Quote\": Headline") are the headline as printed, shortened in the meta.
    for text in h1_texts[:1]:
        h1_key = normalize_key(text)
        for candidate, method in stripped:
            key = normalize_key(candidate)
            if (len(key) >= 15 and h1_key.endswith(key) and len(key) >= 0.6 * len(h1_key)
                    and not (h1_tag is not None and prints_one_text(h1_tag))):
                return candidate, method
    # A kicker printed above the h1 ("Topic: Headline") is part of the headline proper.
    if h1_texts:
        h1_key = normalize_key(h1_texts[0])
        h1_kicker = h1_kickers.get(h1_texts[0], "")
        for text, method in stripped:
            key = normalize_key(text)
            kicker = key[: -len(h1_key)].rstrip()
            if (len(h1_key) >= 8 and key.endswith(h1_key) and kicker.endswith(":")
                    and not names_site(kicker.rstrip(": "), site, host)
                    # a kicker other than the one the h1 prints is an SEO topic line, and so
                    # is one the page never shows beside its headline
                    and (kicker.rstrip(": ") == h1_kicker if h1_kicker else h1_tag is not None
                         and prints_kicker(h1_tag, kicker.rstrip(": ")))):
                return text, method
    # Editors often shorten the headline for og:title/<title> (SEO); the visible h1 is the
    # headline readers see, so it wins unless the page has many h1s (then they are widgets).
    meta_title = next((t for t, m in stripped if m != "title_tag" and len(t) >= 3), "")
    if not meta_title:
        # A sentence-long <title> is the headline too; a short one may be a section label.
        tag_title = next((t for t, m in stripped if m == "title_tag"), "")
        if len(set(WORD_RE.findall(tag_title.casefold()))) >= 6:
            meta_title = tag_title
    # An h1 that runs on past the declared title adds a subtitle or a teaser to the headline.
    declared = next(((t, m) for t, m in candidates if m != "title_tag" and len(t) >= 3), None)
    if h1_texts and declared and len(normalize_key(declared[0])) >= 10:
        h1_key, declared_key = normalize_key(h1_texts[0]), normalize_key(declared[0])
        if h1_key != declared_key and h1_key.startswith(declared_key):
            return declared
    if (h1_texts and len(h1_texts) <= 2 and len(h1_texts[0]) >= 8
            and not unrelated_titles(h1_texts[0], meta_title)):
        return h1_texts[0], "h1"
    for text, method in stripped:
        if method != "title_tag" and len(text) >= 3:
            return text, method
    if stripped:
        # A <title> of three parts or more strings sections and the site after the headline
        # ("Headline | Section | Forum | Site"): short labels at its end are not the headline.
        if stripped[0][1] == "title_tag" and len(title_parts) >= 3:
            return drop_trailing_labels(stripped[0][0]), "title_tag"
        return stripped[0]
    if h1_texts:
        return h1_texts[0], "h1"
    return None




# A kicker (topic line) styled apart inside the h1, and the hidden separator read out after it.
KICKER_CLASS_RE = re.compile(
    r"kicker|dachzeile|topline|overline|roofline|eyebrow|topic-label|spitzmarke|supertitle"
    r"|pretitle|sub-?heading|subtitle")
HIDDEN_CLASS_RE = re.compile(r"visually-hidden|offscreen|sr-only|screen-reader")


def read_headline(h1: Tag) -> str:
    """The h1's text without a kicker it prints first, in an element of its own."""
    kept: list[str] = []
    kicker = False
    for child in h1.children:
        if isinstance(child, Tag):
            marks = attr_string(child)
            if not kept and not kicker and KICKER_CLASS_RE.search(marks):
                kicker = True
                continue
            if kicker and HIDDEN_CLASS_RE.search(marks):
                continue
            text = element_text(child)
        elif isinstance(child, NavigableString) and not isinstance(child, SKIP_STRING_TYPES):
            text = clean_space(str(child))
        else:
            continue
        if text:
            if not kicker:
                break  # the h1 starts with its own words: there is no kicker before them
            kept.append(text)
    # the kicker's ":" may stand outside its element ("<span>Topic</span>: Headline")
    text = clean_space(" ".join(kept)).lstrip(":|-–—·• ") if kicker else ""
    return text if len(text.split()) >= 2 else element_text(h1)


def prints_one_text(h1: Tag) -> bool:
    """Whether the h1's words are one run of text, with no markup setting a part apart."""
    return sum(1 for text in h1.stripped_strings) <= 1


# How many texts above an h1 may stand between it and its kicker (a date, a section label),
# and how many nodes the look back may pass (scripts and markup in between).
KICKER_REACH = 4
KICKER_NODES = 300


def prints_kicker(h1: Tag, kicker: str) -> bool:
    """Whether the page prints this kicker in one of the few texts right above the h1."""
    seen = 0
    for node in islice(h1.previous_elements, KICKER_NODES):
        parent = node.parent
        if (not isinstance(node, NavigableString) or isinstance(node, SKIP_STRING_TYPES)
                or parent is None or parent.name in INVISIBLE_TAGS):
            continue
        text = normalize_key(str(node)).rstrip(": ")
        if not text:
            continue
        if text == kicker:
            return True
        # a kicker split over inline elements ("<b>Topic</b> line"): its box holds all of it
        if text in kicker and normalize_key(element_text(parent)).rstrip(": ") == kicker:
            return True
        seen += 1
        if seen >= KICKER_REACH:
            return False
    return False


# whole class words only: "brandTitle" styles a headline in the brand's type
LOGO_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:logo|brand|branding|site-?(?:title|name))(?=$|[\s_-])")


def is_logo_heading(h1: Tag) -> bool:
    """An h1 that wraps the site's logo: marked as one, or a link to the home page."""
    if LOGO_CLASS_RE.search(attr_string(h1)):
        return True
    link = h1.find("a", href=True)
    if not isinstance(link, Tag):
        return False
    href = attr_value(link, "href")
    # an archived copy links to the archived home page: the last URL in the href counts
    href = href[href.rfind("http"):] if href.count("://") > 1 else href
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    # "#anchor" and "?page=2" links stay on this page; "/" and "https://host" lead home
    return parts.path in ("", "/") and bool(parts.netloc or parts.path)


def links_elsewhere(h1: Tag, url: str) -> bool:
    """An h1 that is all one link to another page (a teaser, or a linked post's headline)."""
    link = h1.find("a", href=True)
    if not isinstance(link, Tag) or not url:
        return False
    href = attr_value(link, "href")
    if not href or href.startswith("#") or element_text(link) != element_text(h1):
        return False
    try:
        target, page = urlsplit(urljoin(url, href)), urlsplit(url)
    except ValueError:
        return False
    return (target.netloc, target.path.rstrip("/")) != (page.netloc, page.path.rstrip("/"))


def is_section_anchor(h1: Tag) -> bool:
    """An h1 that links to itself ("#its-id"): a section heading of the text, as Markdown
    renderers write them, not the page's headline."""
    link = h1.find("a", href=True)
    if not isinstance(link, Tag):
        return False
    href = attr_value(link, "href")
    if not href.startswith("#") or len(href) < 2:
        return False
    # the anchor's target: the h1 itself or an empty marker inside it
    target = href[1:]
    return attr_value(h1, "id") == target or any(
        isinstance(node, Tag) and target in (attr_value(node, "id"), attr_value(node, "name"))
        for node in h1.descendants)


def find_headline(scan: PageScan, title: str) -> Tag | None:
    """The h1 whose text is the article's title: dates and bylines are printed beside it."""
    key = normalize_key(title)
    for h1 in scan.h1s[:6]:
        text = normalize_key(element_text(h1))
        if text and (text == key or (len(text) >= 15 and (text in key or key in text))):
            return h1
    return None


def unrelated_titles(h1: str, meta_title: str) -> bool:
    """Whether an h1 shares almost no words with the declared title.

    A shortened or reworded headline keeps some of its words; an h1 that shares under a fifth
    of the shorter one's words is a section label, a logo or a widget, not the headline.
    """
    h1_words = set(WORD_RE.findall(h1.casefold()))
    meta_words = set(WORD_RE.findall(meta_title.casefold()))
    # A declared title of a few words is itself a label ("About us"), no better than the h1.
    if len(meta_words) < 5 or not h1_words:
        return False
    # Short words ("and", "the", "of") are shared by any two English titles: only longer ones
    # tell whether the h1 speaks of the same thing.
    h1_long = {w for w in h1_words if len(w) >= 4}
    meta_long = {w for w in meta_words if len(w) >= 4}
    if h1_long and meta_long:
        h1_words, meta_words = h1_long, meta_long
    return len(h1_words & meta_words) < 0.2 * min(len(h1_words), len(meta_words))


def in_chrome_box(tag: Tag) -> bool:
    """Author links in menus, footers and "more from" lists name other people's work."""
    for parent in tag.parents:
        if parent.name in {"nav", "footer", "aside"}:
            return True
        if parent.name in {"article", "main", "body"}:
            return False
    return False


# Comment threads mark each commenter as an author ("<cite class="author fn">").
COMMENT_BOX_RE = re.compile(
    r"^(?:comments?|commentlist|comment[-_](?:list|body|content|meta|author|thread|item|wrapper)"
    r"|comments[-_](?:area|list|section|wrapper|container|thread))$")


def in_comments(tag: Tag) -> bool:
    for parent in tag.parents:
        ident = parent.attrs.get("id")
        names = attr_value(parent, "class").split() + ([ident] if isinstance(ident, str) else [])
        if any(COMMENT_BOX_RE.match(value.lower()) for value in names):
            return True
        if parent.name in CONTAINER_TAGS:  # a comment may be an <article> of its own
            return False
    return False


def in_page_chrome(tag: Tag) -> bool:
    """Menus and footers of the page; an aside inside the article is its fact box (Author,
    Published, Topics), not a list of other stories."""
    in_aside = False
    for parent in tag.parents:
        if parent.name in {"nav", "footer"}:
            return True
        if parent.name == "aside":
            in_aside = True
        elif parent.name in {"article", "main", "body"}:
            return in_aside and parent.name == "body"
    return False


# An <article> this long holds a story, not a teaser card.
MIN_PAGE_ARTICLE_CHARS = 500


def in_chrome(tag: Tag) -> bool:
    """An element inside navigation, list menus or the footer is not the article's headline.

    A <main> or a long <article> between it and the menu ends the look up: markup left
    unclosed in a menu above nests the whole page inside that menu, while a teaser card in
    a list is a short <article>."""
    inner: Tag | None = None
    for parent in tag.parents:
        if parent.name in {"nav", "li", "footer", "aside", "a", "button"}:
            return inner is None or (inner.name == "article"
                                     and len(element_text(inner)) < MIN_PAGE_ARTICLE_CHARS)
        if inner is None and parent.name in {"article", "main"}:
            inner = parent
    return False


# Labels that follow a name in byline widgets, often with no space ("Jane RoeTwitter").
NAME_LABEL_WORDS = frozenset({
    "twitter", "facebook", "instagram", "linkedin", "email", "e-mail", "news", "follow",
    "staff", "founder", "editor", "writer", "reporter", "contributor", "bio", "more",
})
GLUED_LABEL_RE = re.compile(
    r"(?<=[a-zà-ÿ])(?=(?:Twitter|Facebook|Instagram|Linked[Ii]n|Email|News|Follow|Staff|Founder"
    r"|Editor|Writer|Reporter|Contributor|Bio|More)(?:[A-Z]|\b))"
)


# "Posted on May 3, 2021 by Jane Roe", "12.03.2021 von Jane Roe": the name follows "by".
POSTED_BY_RE = re.compile(
    r"^\s*(?:(?:posted|published|veröffentlicht|publié|publicado|erstellt|geschrieben|written)"
    r"\b[^|]{0,60}?|[^|]{0,40}?\d{4}[^|]{0,12}?)\s(?:by|von|par|por|di)\s+(?=\w)",
    re.IGNORECASE,
)


# Links printed after the name in author boxes ("Jane Roe Alle Artikel", "Jane Roe Full Bio").
PROFILE_LINK_TRAILER_RE = re.compile(
    r"\s+(?:alle\s+(?:artikel|beiträge)|all\s+(?:posts|articles|stories)|more\s+(?:posts|articles"
    r"|stories|from)|mehr\s+(?:artikel|beiträge|von)|full\s+bio|view\s+(?:profile|bio|all)"
    r"|last\s+updated?|see\s+(?:full\s+)?(?:bio|profile))\b.*$",
    re.IGNORECASE,
)


# An organisation named "<Word> for <Words>" ("Centre for Coastal Studies"): its "for" is no
# "Jane Roe for The Daily" trailer, and its "and" joins no two people.
ORG_FOR_NAME_RE = re.compile(
    r"(?:The\s+)?[A-Z][\w'’-]+\s+for\s+(?:the\s+)?[A-Z][\w'’-]*"
    r"(?:\s+(?:[A-Z][\w'’-]*|and|of|the|&|for|in|on))*")


def split_names(raw: str) -> list[str]:
    raw = clean_space(unescape_html(raw))
    raw = POSTED_BY_RE.sub("", EMAIL_RE.sub(" ", raw))
    raw = GLUED_LABEL_RE.sub(" ", raw)
    raw = BY_GLUED_RE.sub("", BY_PREFIX_RE.sub("", raw))
    if ORG_FOR_NAME_RE.fullmatch(raw):
        return [raw]
    # the date goes first: "11.12.2019 - Jane Roe" must not read as "Name - trailer"
    raw = NAME_TRAILER_RE.sub("", NAME_DATE_PREFIX_RE.sub("", raw))
    raw = NAME_DATE_TRAILER_RE.sub("", raw)
    # "Jane Roe in Science on 3 May 2021 at 09:31": the section shows once the date is gone
    raw = NAME_TRAILER_RE.sub("", raw)
    raw = PROFILE_LINK_TRAILER_RE.sub("", raw)
    raw = HANDLE_RE.sub(" ", raw)
    names: list[str] = []
    for part in NAME_SPLIT_RE.split(raw):
        part = NAME_CREDENTIALS_RE.sub("", BY_PREFIX_RE.sub("", part.strip(" .:-–—|·")))
        part = clean_space(part).strip(" .:-–—|·,")
        words = part.split()
        for index, word in enumerate(words[2:], start=2):
            if word.lower() in JOB_WORDS or word.lower() in NAME_LABEL_WORDS:
                part = " ".join(words[:index])
                break
        if part:
            names.append(part)
    return names


def is_person(name: str, site: str | None) -> bool:
    if len(name) < 3 or len(name) > 60 or "/" in name:
        return False
    if DIGIT_RE.search(name) or "http" in name.lower() or "@" in name or "www" in name.lower():
        return False
    words = name.split()
    if len(words) > 5:
        return False
    lower_words = [w.lower().strip(".,'’") for w in words]
    if all(w in NAME_PARTICLES for w in lower_words):
        return False
    if any(w in NOT_PERSON_WORDS or w in JOB_WORDS for w in lower_words):
        return False
    if site and normalize_key(name) == normalize_key(site):
        return False
    # People's names are capitalised; lower-case handles and phrases are not names.
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].lower() == w[:1].upper())
    if capitals == 0 or capitals < len([w for w in lower_words if w not in NAME_PARTICLES]):
        return False
    return not name.isupper() or len(words) >= 2


# Words that never name an author on their own, even a team or an organisation.
NOT_BYLINE_WORDS = frozenset({
    "by", "and", "the", "author", "authors", "share", "comments", "comment", "read", "more",
    "min", "minutes", "follow", "home", "menu", "search", "login", "subscribe", "posted",
    "published", "updated", "on", "in", "at", "of", "von", "par", "por", "email", "print",
    "twitter", "facebook", "linkedin", "instagram", "unknown", "anonymous", "admin", "view",
    "all", "posts", "articles", "profile", "contact", "see", "latest", "news", "photo", "video",
    # labels printed where the name goes ("Name", "Autor", "No author", "Full bio")
    "name", "autor", "autorin", "text", "quelle", "source", "no", "full", "bio", "written",
    "last", "writer", "edited", "reviewed", "avatar", "artikel", "article", "edit", "foto",
    "fotos", "sponsored", "gesponserte", "inhalte", "mins", "über", "about", "zeige",
})


def is_byline_name(name: str, site: str | None) -> bool:
    """A team, desk or organisation named by an explicit byline ("The Data Team")."""
    if len(name) < 2 or len(name) > 50 or "http" in name.lower() or "@" in name:
        return False
    words = name.split()
    head = words[1] if len(words) > 1 and words[0].lower() == "the" else words[0]
    # an organisation's "of", "for" and "and" do not count ("Centre for Law and Policy")
    if (sum(1 for w in words if not w.islower()) > 5
            or not (head[:1].isupper() or head[:1].isdigit())):
        return False
    lower = [w.lower().strip(".,:'’") for w in words]
    if all(w in NOT_BYLINE_WORDS or w in NAME_PARTICLES or w.isdigit() for w in lower):
        return False
    return parse_text_date(name, "byline") is None and not DATE_WORD_RE.search(name)


DATE_WORD_RE = re.compile(r"\b(?:\d{1,2}:\d{2}|\d{4}|ago|min read|\d+\s*m\s+read)\b", re.IGNORECASE)


def clean_authors(raws: Iterable[str], site: str | None) -> tuple[str, ...]:
    return clean_author_names(raws, site, False)


def clean_author_names(
    raws: Iterable[str], site: str | None, relaxed: bool, declared: bool = False
) -> tuple[str, ...]:
    """People named in raw bylines; relaxed also keeps teams, declared also lower-case names.

    declared: the value comes from an author field (JSON-LD author, meta author), where a
    lower-case name ("jane roe", a blog handle) is still the author the page declares.
    """
    seen: dict[str, str] = {}
    for raw in raws:
        for name in split_names(raw):
            # Upper-case bylines are styling; a single upper-case word is an acronym (an org).
            if name.isupper() and len(name.split()) >= 2:
                name = name.title()
            words = name.split()
            half = len(words) // 2
            if half and len(words) % 2 == 0 and words[:half] == words[half:]:
                # avatar alt text and the visible name, read as one: "Jane Roe Jane Roe"
                name = " ".join(words[:half])
            if site and name.endswith(f" {site}") and len(name) > len(site) + 3:
                name = name[: -len(site) - 1]  # "Jane Roe SiteName": the desk signature
            shown = name[:1].upper() + name[1:] if declared and name[:1].islower() else name
            if is_person(name, site) or (relaxed and is_byline_name(shown, site) and not (
                    # "Post Staff" trimmed to the publication's name is no byline
                    site and normalize_key(name) == normalize_key(site)
                    and normalize_key(raw) != normalize_key(name))):
                key = normalize_key(name)
                if key not in seen:
                    seen[key] = name
    return tuple(seen.values())


def jsonld_author_names(
    value: Any, ids: dict[str, dict[str, Any]], orgs: bool = False
) -> list[str]:
    items = value if isinstance(value, list) else [value]
    # some CMSs nest the co-authors' list inside the author list: [{...}, [{...}, {...}]]
    items = [inner for item in items for inner in (item if isinstance(item, list) else [item])]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            if not item.startswith(("http://", "https://", "/")):
                names.append(item)
            continue
        if not isinstance(item, dict):
            continue
        if "name" not in item and isinstance(item.get("@id"), str):
            item = ids.get(item["@id"], item)
        if node_types(item) & ORG_TYPES and not orgs:
            continue
        name = item.get("name")
        if isinstance(name, list):
            names.extend(str(n) for n in name if isinstance(n, str))
        elif isinstance(name, str):
            names.append(name)
        elif item.get("givenName") or item.get("familyName"):
            names.append(f"{item.get('givenName', '')} {item.get('familyName', '')}")
    return names


SURNAME_FIRST_RE = re.compile(r"^([^\W\d][\w'’-]+),\s*([^\W\d][\w.'’ -]*)$")


def flip_surname_first(value: str) -> str:
    """Citation metas write one author as "Surname, Given"; readers expect "Given Surname"."""
    match = SURNAME_FIRST_RE.match(value.strip())
    if match and " and " not in value and len(match.group(2).split()) <= 2:
        return f"{match.group(2)} {match.group(1)}"
    return value


def person_typed(value: Any, ids: dict[str, dict[str, Any]]) -> bool:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            if "@type" not in item and isinstance(item.get("@id"), str):
                item = ids.get(item["@id"], item)
            if "person" in node_types(item):
                return True
    return False


def pick_authors(
    scan: PageScan, article: dict[str, Any] | None, ids: dict[str, dict[str, Any]],
    site: str | None, page_node: dict[str, Any] | None = None, relaxed: bool = False,
) -> tuple[tuple[str, ...], str] | None:
    """The article's authors from the first source that names someone.

    relaxed: the second pass, for pages where no source names a person: an explicit byline
    may name a team, a desk or an organisation ("The Data Team", "Staff Writer"), which is
    still the page's author as written.
    """

    def clean_authors(
        raws: Iterable[str], site: str | None, declared: bool = False
    ) -> tuple[str, ...]:
        return clean_author_names(raws, site, relaxed, declared)

    for node in (article, page_node):
        if node and node.get("author"):
            # A personal blog names its owner as publisher too: a typed Person is still a person.
            names = clean_authors(jsonld_author_names(node["author"], ids, relaxed), None, True)
            names = tuple(n for n in names if not site or normalize_key(n) != normalize_key(site)
                          or person_typed(node["author"], ids))
            if names:
                return names, "jsonld"
    for key in AUTHOR_METAS:
        values = [flip_surname_first(v) for v in scan.metas.get(key, [])
                  if not v.startswith(("http", "/", "@"))]
        names = clean_authors(values, site, True)
        if names:
            return names, meta_method(key)
    names = clean_authors(labelled_twitter_data(scan), site, True)
    if names:
        return names, "twitter"
    props = scan.itemprops.get("author", []) + scan.itemprops.get("creator", [])
    if props:
        texts = []
        # Co-authors share the first author's byline box; others sign comments or teasers.
        box = props[0].parent.parent if props[0].parent is not None else None
        for tag in props[:6]:
            if tag is not props[0] and tag.parent is not props[0].parent and (
                    tag.parent is None or tag.parent.parent is not box):
                continue
            inner = tag.find(itemprop="name")
            if isinstance(inner, Tag):
                texts.append(attr_value(inner, "content") or element_text(inner))
            else:
                texts.append(attr_value(tag, "content") or element_text(tag))
        names = clean_authors([t for t in texts if len(t) < 120], site)
        if names:
            return names, "itemprop"
    # The second pass reads a lower-case handle in a byline ("by jdoe") as the name it is.
    return visible_authors(scan, site, lambda raws, site: clean_authors(raws, site, relaxed))


def visible_authors(
    scan: PageScan, site: str | None, clean_authors: Callable[[Iterable[str], str | None],
                                                                tuple[str, ...]],
) -> tuple[tuple[str, ...], str] | None:
    """The authors the visible page prints: byline boxes, author links, "By ..." lines."""
    # The first byline that names someone is this article's; later ones are teasers. Bylines
    # above the headline belong to menus and sidebars, so those after the first h1 go first.
    split = scan.bylines_before_h1 if 0 < scan.bylines_before_h1 < len(scan.bylines) else 0
    ordered = (scan.bylines[split:] + scan.bylines[:split])[:12]
    for tag in ordered:
        if isinstance(tag.parent, Tag) and in_teaser(tag.parent, STORY_LIST_CLASS_RE):
            continue  # a story list's byline signs another story
        text = element_text(tag)
        if 3 <= len(text) <= 150 and not in_comments(tag):
            names = clean_authors([text], site)
            if names:
                names = inner_byline_names(tag, text, ordered, site, clean_authors) or names
                # A "By ..." line under the headline, ahead of the first byline box, is the
                # article's: byline-classed teasers and sidebars come later.
                first = first_by_text(scan, site, clean_authors)
                headline = scan.h1s[0] if scan.h1s else None
                if first and headline is not None and precedes(headline, first[1]) and (
                        precedes(first[1], tag) or precedes(tag, headline)):
                    return first[0], "byline"
                return names, "byline"
        elif len(text) > 150 and not in_comments(tag):
            # An author box with a bio: its first line is the name ("Jane Roe" then "Jane
            # writes about..."); a full name, since a box may open with a label or a section.
            lead = next((s.strip() for s in tag.strings
                         if s.strip() and not isinstance(s, SKIP_STRING_TYPES)), "")
            names = clean_authors([lead], site) if len(lead) <= 60 else ()
            if names and all(" " in name and all(w[:1].isupper() for w in name.split())
                             for name in names):
                return names, "byline"
            # a box that also holds the headline or the date: its rel=author link names the writer
            links = [a for a in scan.rel_authors[:6] if any(parent is tag for parent in a.parents)]
            names = clean_authors([element_text(a) for a in links[:4]], site)
            if names and all(is_full_name(name) for name in names):
                return names, "byline"
    texts = [element_text(a) for a in scan.rel_authors[:6]]
    names = clean_authors(texts, site)
    if names:
        return names, "rel_author"
    # Links to author pages beside the first one are co-authors; elsewhere they are teasers.
    # An avatar link to the same page comes first in author boxes: the name is the next link.
    links = [a for a in scan.author_links if not in_chrome_box(a) and a.get_text(strip=True)]
    texts = [element_text(a) for a in links[:4] if a.parent is links[0].parent]
    names = clean_authors([t for t in texts if len(t) <= 60], site)
    if names:
        return names, "author_link"
    first = first_by_text(scan, site, clean_authors)
    if first:
        return first[0], "byline"
    for label in scan.byline_labels[:4]:
        if in_page_chrome(label):
            continue
        names = clean_authors([labelled_names(label)], site)
        if names:
            return names, "byline_label"
    return None


def inner_byline_names(
    box: Tag, text: str, bylines: list[Tag], site: str | None,
    clean_authors: Callable[[Iterable[str], str | None], tuple[str, ...]],
) -> tuple[str, ...]:
    """The names in a byline box's own name elements, where the box also prints a job title or
    a handle ("Jane Roe" over "Head of Growth"): read whole, the two run together."""
    # identity, not ==: bs4 compares tags by their whole subtree
    inner = [tag for tag in bylines if tag is not box and any(p is box for p in tag.parents)]
    leaves = [tag for tag in inner
              if not any(p is tag for other in inner for p in other.parents)]
    first: Tag | None = None
    found: list[str] = []
    for leaf in leaves:
        if first is not None and leaf.get("class") != first.get("class"):
            continue  # co-authors repeat the name element; a title or handle is styled apart
        leaf_text = element_text(leaf)
        names = () if AUTHOR_LABEL_RE.match(leaf_text) else clean_authors([leaf_text], site)
        if names:
            first = first or leaf
            found.extend(name for name in names if name not in found)
    return tuple(found) if found and all(name in text for name in found) else ()


# Words after which a "By ..." line that names a lower-case handle reads as a sentence.
PROSE_BY_LINE_WORDS = 8


def first_by_text(
    scan: PageScan, site: str | None, clean_authors: Callable[[Iterable[str], str | None],
                                                                tuple[str, ...]],
) -> tuple[tuple[str, ...], Tag] | None:
    """The names of the first "By ..." line, and the line."""
    # As with bylines, the first "By ..." line is the article's; later ones sign comments.
    # Those above the headline head menus ("By topic") and sidebars: they go last.
    lines = scan.by_texts[:6]
    if scan.h1s:
        headline = scan.h1s[0]
        lines = sorted(lines, key=lambda tag: not precedes(headline, tag))  # stable
    for tag in lines:
        text = element_text(tag)
        if len(text) <= 120 and not in_comments(tag):
            # a handle is one word: "By combining these ..." in the prose is no byline, nor is
            # "By batching, we ..." whose sentence runs on past the word
            prose = len(text.split()) > PROSE_BY_LINE_WORDS
            names = tuple(name for name in clean_authors([text], site)
                          if not name[:1].islower() or (" " not in name and not prose))
            if names:
                return names, tag
    return None


def precedes(first: Tag, second: Tag) -> bool:
    """Whether an element starts before another in document order (an ancestor comes first)."""
    # Compared by identity: bs4's == compares whole subtrees.
    path = [first, *first.parents]
    depth = {id(node): index for index, node in enumerate(path)}
    child: Tag = second
    for node in [second, *second.parents]:
        if id(node) in depth:
            index = depth[id(node)]
            if index == 0:
                return True  # first holds second
            if node is second:
                return False  # second holds first
            toward_first = path[index - 1]
            for item in node.contents:
                if item is toward_first:
                    return True
                if item is child:
                    return False
            return False
        child = node
    return False


VISIBLE_METHODS = frozenset({"byline", "rel_author", "author_link", "byline_label"})


def find_writer_over_poster(
    scan: PageScan, site: str | None, declared: tuple[str, ...]
) -> tuple[tuple[str, ...], str] | None:
    """The full names of a "By ..." line under the headline, when the page shows the declared
    authors nowhere: CMS templates declare the account that posted the page, not the writer."""
    if not scan.h1s:
        return None
    first = first_by_text(scan, site, clean_authors)
    if first is None or not precedes(scan.h1s[0], first[1]) or in_teaser(first[1]):
        return None
    if not all(is_full_name(name) for name in first[0]) or shows_names(scan, declared, first[1]):
        return None
    return first[0], "byline"


# A reviewer or fact-checker named in the byline line is no co-author.
REVIEWER_RE = re.compile(r"\b(?:checked|reviewed|edited)\s+by\b", re.IGNORECASE)


def add_byline_coauthors(
    scan: PageScan, site: str | None, declared: tuple[tuple[str, ...], str]
) -> tuple[tuple[str, ...], str]:
    """The visible byline's list, where it names every declared author and more: CMS fields
    often hold only the first of the co-authors the page prints ("By Jane Roe and John Doe")."""
    # one short line or box holds them all: a list of bylines further down signs other stories
    boxes = scan.bylines[:12] + [a.parent for a in scan.author_links[:1] if a.parent is not None]
    if not boxes:
        return declared
    shown = visible_authors(scan, site, clean_authors)
    if shown is None or len(shown[0]) <= len(declared[0]) or shown[1] == "rel_author":
        return declared
    folded = [name.casefold() for name in shown[0]]
    line = next((text for text in (element_text(tag).casefold() for tag in boxes)
                 if len(text) <= 150 and all(name in text for name in folded)), None)
    # a job title in the line makes what follows it an affiliation, not a co-author
    if line is None or REVIEWER_RE.search(line) or any(
            word in JOB_WORDS for word in WORD_RE.findall(line)):
        return declared
    keys = {normalize_key(name) for name in declared[0]}
    added = [name for name in shown[0] if normalize_key(name) not in keys]
    if len(added) + len(keys) == len(shown[0]) and all(
            is_full_name(name) and not any(key in normalize_key(name) for key in keys)
            for name in added):
        return shown
    return declared


def is_full_name(name: str) -> bool:
    """Two or more capitalised words ("Jane Roe"), not a handle or a lone first name."""
    words = name.split()
    return len(words) >= 2 and all(word[:1].isupper() for word in words)


# "This post was written by Jane Roe, MD, ...": the summary names the writer, the page does not.
DESCRIBED_AUTHOR_RE = re.compile(
    r"\b(?:(?:post|article|piece|story|blog)\s+(?:was\s+|is\s+)?written\s+by|article\s+"
    r"written\s+by)\s+([^.;:!?]{3,80})", re.IGNORECASE)


def described_author(description: str, site: str | None) -> tuple[tuple[str, ...], str] | None:
    """The writer a page's description names, for pages that print no byline."""
    match = DESCRIBED_AUTHOR_RE.search(description)
    # the first name of the list: what follows it is a job title or a place
    names = clean_authors(split_names(match.group(1))[:1], site) if match else ()
    return (names, "description") if names else None


SIGNATURE_TAGS = frozenset({"strong", "b"})


def signed_paragraph(scan: PageScan, site: str | None) -> tuple[tuple[str, ...], str] | None:
    """The writer's name set in bold as a paragraph of its own, above or below the story
    ("<p><strong>Jane Roe</strong></p>"), on pages with no byline element."""
    for paragraph in scan.paragraphs:
        parts = [c for c in paragraph.contents
                 if not (isinstance(c, NavigableString) and not c.strip())]
        if len(parts) != 1 or not isinstance(parts[0], Tag) or parts[0].name not in SIGNATURE_TAGS:
            continue
        text = element_text(parts[0])
        if 5 <= len(text) <= 80 and signs_story(paragraph):
            names = clean_authors([text], site)
            if names and all(" " in name for name in names):
                return names, "signature"
    return None


def signs_story(paragraph: Tag) -> bool:
    """Whether a paragraph stands where a story is signed: before its first paragraph of text or
    as its last one, among at least two such paragraphs (a bold line between them is a heading)."""
    parent = paragraph.parent
    if parent is None:
        return False
    siblings = parent.find_all("p", recursive=False)
    texts = [index for index, p in enumerate(siblings) if len(p.get_text()) >= 100]
    if len(texts) < 2:
        return False
    index = next(i for i, p in enumerate(siblings) if p is paragraph)
    return index < texts[0] or index == len(siblings) - 1


# What a bio says its subject does; a product or a place "is a ..." something else.
BIO_ROLE_WORDS = frozenset({
    "author", "writer", "editor", "journalist", "reporter", "correspondent", "columnist",
    "contributor", "photographer", "founder", "director", "manager", "producer", "analyst",
    "strategist", "officer", "ceo", "cto", "host", "head", "specialist", "coordinator", "autor",
    "autorin", "redakteur", "redakteurin", "chefredakteur", "chefredakteurin", "gründer",
    "gründerin",
})


def bio_author(scan: PageScan, site: str | None) -> tuple[tuple[str, ...], str] | None:
    """The person an author box presents: a heading with the name, then a bio that opens with
    the same name and a role ("<h3>Jane Roe</h3><p>Jane Roe is the editor of ...</p>")."""
    for paragraph in scan.bios:
        match = BIO_OPENING_RE.match(str(paragraph.contents[0]))
        if match is None:
            continue
        heading = previous_element(paragraph)
        if heading is None and isinstance(paragraph.parent, Tag):
            heading = previous_element(paragraph.parent)  # the bio opens a wrapper of its own
        if heading is None or element_text(heading) != match.group(1):
            continue
        names = clean_authors([match.group(1)], site)
        if names:
            return names, "author_bio"
    return None


def opens_bio(text: str) -> bool:
    """Whether a paragraph opens like a person's bio: a name, "is a", and what the person does."""
    return (BIO_OPENING_RE.match(text) is not None
            and not BIO_ROLE_WORDS.isdisjoint(WORD_RE.findall(text.lower())))


def previous_element(tag: Tag) -> Tag | None:
    """The element before a tag among its siblings, or None when text or nothing comes first."""
    for sibling in tag.previous_siblings:
        if isinstance(sibling, Tag):
            return sibling
        if (isinstance(sibling, NavigableString) and not isinstance(sibling, SKIP_STRING_TYPES)
                and sibling.strip()):
            return None
    return None


# Lists of other stories around a byline box; "card" is left out, as author boxes are cards too.
STORY_LIST_CLASS_RE = re.compile(r"teaser|summary-item|related|recommend")
# A story card around a "By ..." line.
TEASER_CLASS_RE = re.compile(f"card|{STORY_LIST_CLASS_RE.pattern}")


def in_teaser(tag: Tag, pattern: re.Pattern[str] = TEASER_CLASS_RE) -> bool:
    """A "By ..." line (or a byline box) in a story card or list signs another story."""
    for depth, node in enumerate([tag, *tag.parents]):
        if depth > 5 or node.name in CONTAINER_TAGS:
            return False
        if pattern.search(attr_value(node, "class").lower()):
            return True
    return False


def shows_names(scan: PageScan, names: tuple[str, ...], before: Tag | None = None) -> bool:
    """Whether the page prints any of the names (their surnames) in a byline, author link or
    "By ..." line; with before, only ahead of that element and outside hidden boxes."""
    tags = (scan.bylines[:12] + scan.rel_authors[:6] + scan.author_links[:10] + scan.by_texts[:10]
            + scan.itemprops.get("author", [])[:6])
    if before is not None:
        # A poster's box after the story's own "By ..." line, or a vcard hidden for search
        # engines, is the CMS account: the line under the headline names the writer.
        tags = [tag for tag in tags if precedes(tag, before) and not is_hidden_box(tag)]
    texts = " ".join(element_text(tag) for tag in tags).lower()
    return any(name.split()[-1].lower() in texts for name in names if name.split())


# Whole class words that hide a box from every reader ("rich-snippet-hidden" keeps a vcard for
# search engines); "mobile-hidden" or Drupal's "label-hidden" leave the box itself on show.
HIDDEN_BOX_RE = re.compile(
    r"(?:^|\s)(?:hidden|is-hidden|d-none|hide|[\w-]*snippet-hidden|visually-hidden|sr-only)"
    r"(?=$|\s)|display:\s*none")


def is_hidden_box(tag: Tag) -> bool:
    """Whether an element or one of its close wrappers is hidden from readers."""
    for node in [tag, *tag.parents][:3]:
        marks = f"{attr_value(node, 'class')} {attr_value(node, 'style')}".lower()
        if HIDDEN_BOX_RE.search(marks):
            return True
    return False


# Courtesy titles before an owner's name: "Dr. Jane Roe" is spelled "janeroe" in the domain.
OWNER_TITLE_RE = re.compile(r"^(?:(?:dr|prof|mag|dipl)\.?\s+)+", re.IGNORECASE)


def pick_site_owner(
    scan: PageScan, site: str | None, url: str
) -> tuple[tuple[str, ...], str] | None:
    """The owner of a personal site, where no byline names anyone: its site name or title part
    is a person's name that the domain spells ("Jane Roe" on janeroe.example)."""
    host = site_host(url)
    if not host:
        return None
    title_parts = TITLE_SEPARATORS_RE.split(scan.title_tag) if scan.title_tag else []
    for candidate in ([site] if site else []) + title_parts[-1:] + title_parts[:1]:
        name = OWNER_TITLE_RE.sub("", clean_space(candidate))
        if " " in name and is_person(name, None) and names_site(name, None, host):
            return (name,), "site_owner"
    return None


def names_publication(
    name: str, site: str | None, url: str, article: dict[str, Any] | None,
    ids: dict[str, dict[str, Any]], metas: dict[str, list[str]] | None = None,
) -> bool:
    """Whether an author name is the publication itself (its site name, domain or publisher)."""
    if names_site(name, site, site_host(url)):
        return True
    publisher = article.get("publisher") if article else None
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict) and "name" not in publisher and publisher.get("@id"):
        publisher = ids.get(str(publisher["@id"]), publisher)
    owner = as_text(publisher)
    key = ALNUM_ONLY_RE.sub("", normalize_key(name))
    if owner and ALNUM_ONLY_RE.sub("", normalize_key(owner)) == key:
        return True
    # CMS templates fill the author meta with the company named as publisher or copyright holder
    # ("Example Media (www.example.com)", "Copyright (c) Example Media 2022").
    return any(owner_key(value) == key
               for meta in ("publisher", "copyright", "dc.publisher", "dc.rights")
               for value in (metas or {}).get(meta, [])[:1])


COPYRIGHT_RE = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b\d{4}\b|\(.*?\)",
                          re.IGNORECASE)


def owner_key(value: str) -> str:
    return ALNUM_ONLY_RE.sub("", normalize_key(COPYRIGHT_RE.sub(" ", value)))


def complete_first_names(names: tuple[str, ...], scan: PageScan, site: str | None
                         ) -> tuple[str, ...]:
    """Replace a bare first name ("Jane", as a meta author or a short link may give it) with the
    full name the page's visible byline prints for the same person ("Jane Roe")."""
    # Scripts without capitals (CJK, Korean) write whole names without spaces.
    if all(" " in name or not name[:1].isupper() for name in names):
        return names
    fuller: dict[str, str] = {}
    tags = (scan.itemprops.get("author", [])[:3] + scan.bylines[:8] + scan.author_links[:4]
            + scan.by_texts[:4])
    for tag in tags:
        text = element_text(tag)
        if len(text) > 150:
            continue
        for name in split_names(text):
            words = name.split()
            # "Jane Jane" is an avatar's alt text read with the name, not a surname
            if (2 <= len(words) <= 4 and words[1].casefold() != words[0].casefold()
                    and is_person(name, site)):
                fuller.setdefault(words[0].casefold(), name)
    return tuple(name if " " in name else fuller.get(name.casefold(), name) for name in names)


WRITTEN_BY_LABEL_RE = re.compile(
    r"^\s*(?:written\s+by|author|autor(?:in)?|verfasst\s+von|geschrieben\s+von|écrit\s+par"
    r"|auteur|escrito\s+por|scritto\s+da)\s*:?\s*$",
    re.IGNORECASE,
)


# A byline label printed in its own element: "<strong>Text:</strong> Jane Roe", "| By".
BYLINE_LABEL_RE = re.compile(
    r"^\s*(?:[-–—|·•]+\s*)?(?:by|von|text|written\s+by|author"
    r"|autor(?:in)?(?:\s*[/*]\s*(?:autor(?:in)?|in))?"
    r"|verfasst\s+von|auteur|par)\s*:?\s*$",
    re.IGNORECASE,
)


# A label in an element of its own, with the name in what follows ("<h4>Autor</h4><p>Jane
# Roe</p>", "<p>Written by</p><p>Jane Roe</p>", "<strong>Contributors:</strong> Jane Roe").
AUTHOR_LABEL_RE = re.compile(
    r"^\s*(?:(?:written|article|posted|story|text|words)\s+by|by|authors?"
    # gendered German forms: "Autorin/Autor", "Autor*in"
    r"|autor(?:in|en)?(?:\s*[/*]\s*(?:autor(?:in)?|in))?"
    r"|verfasst\s+von|geschrieben\s+von|von|auteur|écrit\s+par|par|escrito\s+por|text"
    r"|contributors?|contributed\s+by)\s*:?\s*$",
    re.IGNORECASE,
)
# Stop collecting a labelled name at a line break or at the next block.
LABEL_STOP_TAGS = BY_TEXT_TAGS - {"span", "strong", "em", "b", "i"} | {"br", "ul", "ol", "li"}


def labelled_names(label: Tag) -> str:
    """The text a byline label introduces: what follows it on its line, else the next element."""
    parts: list[str] = []
    for sibling in label.next_siblings:
        if isinstance(sibling, Tag):
            if sibling.name in LABEL_STOP_TAGS:
                break
            parts.append(element_text(sibling))
        elif not isinstance(sibling, SKIP_STRING_TYPES):
            parts.append(str(sibling))
        if sum(len(part) for part in parts) > 120:
            return ""
    text = clean_space(" ".join(parts))
    if text:
        return text
    # The label sits alone in its element (or in a wrapper of its own): the name is next.
    node: Tag | None = label
    for _ in range(2):
        if node is None:
            break
        following = node.find_next_sibling()
        if isinstance(following, Tag):
            return element_text(following) if len(following.get_text()) <= 120 else ""
        parent = node.parent
        node = parent if isinstance(parent, Tag) and len(parent.contents) <= 2 else None
    return ""


def labelled_twitter_data(scan: PageScan) -> list[str]:
    """Author names from twitter:labelN/twitter:dataN pairs ("Written by", as SEO plugins write)."""
    found: list[str] = []
    for index in range(1, 5):
        labels = scan.metas.get(f"twitter:label{index}", [])
        if labels and WRITTEN_BY_LABEL_RE.match(labels[0]):
            found.extend(scan.metas.get(f"twitter:data{index}", [])[:1])
    return found


def jsonld_date(nodes: Iterable[dict[str, Any] | None], key: str) -> DateValue | None:
    for node in nodes:
        if node and node.get(key):
            raw = as_text(node[key])
            value = parse_iso(raw, "jsonld") or parse_any(raw, "jsonld")
            if value:
                return value
    return None


def meta_date(scan: PageScan, keys: Iterable[str]) -> DateValue | None:
    for key in keys:
        for value in scan.metas.get(key, []):
            parsed = parse_iso(value, meta_method(key)) or parse_any(value, meta_method(key))
            if parsed:
                return parsed
    return None


def pick_published(
    scan: PageScan, article: dict[str, Any] | None, page_node: dict[str, Any] | None, url: str,
    modified: DateValue | None,
) -> DateValue | None:
    value = find_published(scan, article, page_node, url)
    if value is None or value.method == "url":
        return value
    line = find_date_line(scan)
    if line is None or not names_other_day(line, value):
        return value
    url_value = date_from_url(url)
    if url_value is not None and url_value.value.date() in collect_days(value):
        return value  # the CMS's own URL backs the chosen date
    # Readers date the story by the line under its headline; structured data and stamps
    # elsewhere on the page may carry the first draft's date or a teaser's.
    if (value.method == "meta:article:published_time" and modified is not None
            and line.value.date() in collect_days(modified)):
        return value  # OpenGraph-only themes print the last edit, not the publication
    return line


# A URL date this much older than the structured one is the original publication, not a
# draft's: a draft is published within days, a site move re-stamps posts years later.
URL_LEAD = timedelta(days=30)


def find_published(
    scan: PageScan, article: dict[str, Any] | None, page_node: dict[str, Any] | None, url: str
) -> DateValue | None:
    value = structured_published(scan, article, page_node)
    if value and value.method in GENERIC_META_METHODS:
        printed = printed_over_generic_meta(scan, value, url)
        if printed:
            return printed
    url_value = date_from_url(url)
    if value and url_value and url_value.value.date() < value.value.date() - URL_LEAD:
        return url_value
    if value:
        return localize_utc(value, scan, url)
    # The URL is written by the publisher's CMS; visible dates may belong to comments or teasers.
    value = url_value
    if value:
        return value
    value = first_stamp_date(scan)
    if value:
        return value
    for tag in scan.times:
        value = parse_any(element_text(tag), "time_text")
        if value:
            return value
    return first_visible_date(scan) or script_date(scan) or deep_visible_date(scan)


# Stamps naming this many different days one after another are a teaser or archive list;
# the stamps read after the first dated one to tell (nested stamps repeat their parent's).
STAMP_LIST_DAYS = 3
STAMP_LIST_REACH = 10


def first_stamp_date(scan: PageScan) -> DateValue | None:
    """The first publication date a stamp element shows, unless the stamps form a list.

    Sidebars of related stories stamp every teaser ("29.11.2022", "22.11.2022", ...): when
    the first stamps name several different days, none of them dates the article.
    """
    updated_days = set()
    found: DateValue | None = None
    found_at = 0
    days: set[date] = set()
    for index, tag in enumerate(scan.stamps[:30]):
        if found is not None and index > found_at + STAMP_LIST_REACH:
            break
        text = element_text(tag)[:200]
        value = stamp_published(text) or stamp_published(spaced_text(tag, text))
        if value and value.value.date() not in updated_days:
            if found is None:
                found, found_at = value, index
            days.add(value.value.date())
            if len(days) >= STAMP_LIST_DAYS:
                return None
            continue
        stamp = parse_updated_stamp(text) if value is None else None
        if stamp:
            # Nested stamp elements repeat the "Updated" date without its label.
            updated_days.add(stamp.value.date())
    return found


# Calendar-style stamps print month, day and year in separate boxes.
CALENDAR_PARTS = 6


def spaced_text(tag: Tag, text: str) -> str:
    """A short stamp's pieces joined with spaces: "Apr" "04" "2013" glue into "Apr 042013"."""
    if not DIGIT_RE.search(text):
        return ""
    parts = list(islice(tag.stripped_strings, CALENDAR_PARTS + 1))
    if not 2 <= len(parts) <= CALENDAR_PARTS:
        return ""
    return " ".join(parts)


# A date line sits within this much text under the headline and is short: "12.01.2022",
# "By Jane Roe | March 3, 2021"; a longer piece is a sentence that mentions a date.
DATE_LINE_REACH = 400
DATE_LINE_MAX_CHARS = 60
DATE_LINE_MAX_WORDS = 5
# A second date line this close after the first makes a list (related stories, archives).
DATE_LIST_GAP = 300
# Nodes read at most: scripts and empty wrappers add no text, so text alone does not stop it.
DATE_LINE_MAX_NODES = 1500


def find_date_line(scan: PageScan) -> DateValue | None:
    """The date printed on a short line of its own right under the headline.

    A <time datetime> on that line gives its machine date (None when it is an edit stamp or
    holds more than a date); None when the line is an "Updated" stamp, or when more date lines
    follow it as in a teaser list.
    """
    headline = scan.headline or (scan.h1s[0] if scan.h1s else None)
    if headline is None:
        return None
    found: DateValue | None = None
    from_time = False
    size = found_at = 0
    for node in islice(headline.next_elements, DATE_LINE_MAX_NODES):
        if isinstance(node, Tag):
            if found is None and node.name == "time" and attr_value(node, "datetime"):
                # The structured reading prefers JSON-LD and metas, which may carry a first
                # draft's date or a re-import's: a <time> on the line under the headline is
                # the date readers see.
                found = time_line_date(node)
                if found is None:
                    return None
                from_time, found_at = True, size
            continue
        text = visible_string(node)
        if not text:
            continue
        size += len(text)
        if found is not None and size - found_at > DATE_LIST_GAP:
            return found
        if found is None and size > DATE_LINE_REACH:
            return None
        if UPDATED_RE.search(text):
            return found  # an "Updated" stamp is not the line that dates the story
        if not DIGIT_RE.search(text):
            continue
        value = parse_text_date(text, "headline_date", with_time=True)
        if value is None:
            continue
        if found is not None:
            if from_time and value.value.date() in collect_days(found):
                continue  # the <time> element's own text
            return None if is_date_line(text) else found
        if not is_date_line(text):
            return None
        found, found_at = value, size
    return found


# Class, id or itemprop of a <time> (or its box) that holds the last edit, not the publication.
EDIT_MARK_RE = re.compile(r"updated|modified|changed")


def time_line_date(tag: Tag) -> DateValue | None:
    """The date a <time datetime> under the headline gives, unless it is an edit stamp or
    holds more than a date."""
    parent = tag.parent
    for node in (tag, parent):
        if isinstance(node, Tag) and EDIT_MARK_RE.search(
                f"{attr_string(node)} {attr_value(node, 'itemprop').lower()}"):
            return None
    text = element_text(tag)
    if UPDATED_RE.search(text) or not is_date_line(text):
        return None
    raw = attr_value(tag, "datetime")
    return parse_iso(raw, "headline_date") or parse_any(raw, "headline_date")


def is_date_line(text: str) -> bool:
    """Whether a text is a date line: short, and little else beside the date."""
    return len(text) <= DATE_LINE_MAX_CHARS and count_words_beside_date(text) <= DATE_LINE_MAX_WORDS


def collect_days(value: DateValue) -> set[date]:
    """The day a date states, and for an instant its UTC day too."""
    return {value.value.date(), value.value.astimezone(UTC).date()}


def names_other_day(line: DateValue, value: DateValue) -> bool:
    """Whether the date line names a day other than the chosen date's (local or UTC)."""
    day = line.value.date()
    days = collect_days(value)
    if day in days:
        return False
    # "09.10.2024" on a page dated 10 September is the same day written month-first.
    try:
        swapped = day.replace(month=day.day, day=day.month)
    except ValueError:
        return True
    return swapped not in days


# Metas named only "date" (or "created") hold whatever date the CMS fills in: the last edit,
# the build, a template default. Publication-specific names (dc.date.issued) are not weak.
GENERIC_DATE_METAS = ("dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date",
                      "created", "datecreated", "timestamp")
GENERIC_META_METHODS = frozenset({"dublin_core", *(f"meta:{key}" for key in GENERIC_DATE_METAS)})


def printed_over_generic_meta(scan: PageScan, value: DateValue, url: str) -> DateValue | None:
    """The date printed with the article when a generic "date" meta disagrees with it."""
    key = next((k for k in PUBLISHED_METAS if meta_date(scan, [k]) is not None), None)
    if key not in GENERIC_DATE_METAS:
        return None
    day = value.value.date()
    url_value = date_from_url(url)
    if url_value is not None and url_value.value.date() == day:
        return None  # the CMS's own URL backs the meta
    printed = first_visible_date(scan)
    if printed is None:
        printed = next(
            (v for tag in scan.times if (v := parse_any(element_text(tag), "time_text"))), None)
    if printed is not None and printed.value.date() != day:
        return printed
    return None


def deep_visible_date(scan: PageScan) -> DateValue | None:
    """A date further down a page that gave no date at all: under a long menu or teaser list."""
    if scan.body is None:
        return None
    return scan_text_date(scan.body.descendants, DEEP_TEXT_LIMIT)


def structured_published(
    scan: PageScan, article: dict[str, Any] | None, page_node: dict[str, Any] | None
) -> DateValue | None:
    """The publication date from JSON-LD, meta tags, microdata or <time datetime>."""
    value = jsonld_date([article], "datePublished")
    if value:
        return value
    value = meta_date(scan, PUBLISHED_METAS)
    if value:
        return value
    # Site-specific meta names still say what they hold ("w-published-date", "pub-time").
    value = meta_date(scan, [k for k in scan.metas if PUBLISH_KEY_RE.search(k)
                             and not MODIFIED_KEY_RE.search(k)])
    if value:
        return value
    for tag in scan.itemprops.get("datepublished", []):
        raw = attr_value(tag, "content") or attr_value(tag, "datetime") or element_text(tag)
        value = parse_any(raw, "itemprop")
        if value:
            return value
    value = jsonld_date([page_node, article], "dateCreated")
    value = value or jsonld_date([page_node], "datePublished")
    if value:
        return value
    for tag in scan.times:
        raw = attr_value(tag, "datetime")
        if not raw:
            continue
        attrs = attr_string(tag)
        if "updated" in attrs or "modified" in attrs:
            continue
        value = parse_iso(raw, "time") or parse_any(raw, "time")
        if value:
            return value
    return None


def stamp_published(text: str) -> DateValue | None:
    """The publication date in a visible stamp ("Posted May 3, 2021. Updated: May 7, 2021")."""
    if not text or CLOCK_LABEL_RE.search(text):
        return None
    updated = UPDATED_RE.search(text)
    if updated:
        # Only what is written before "Updated" can be the publication date.
        text = text[: updated.start()]
    match = PUBLISHED_TEXT_RE.search(text)
    if match:
        value = parse_any(text[match.end():], "visible_date")
        if value:
            return value
    return parse_any(text, "visible_date")


# A UTC stamp can be shifted onto the page's own calendar day by at most these offsets.
MAX_WEST_HOURS = 10
MAX_EAST_HOURS = 14


def localize_utc(value: DateValue, scan: PageScan, url: str) -> DateValue:
    """Restate a UTC timestamp in the page's local offset when the page shows its local day.

    CMSs often emit datePublished in UTC while the newsroom dates the article in local time:
    "2020-02-25T02:25Z" is the 24th in New York. The instant is kept; only the offset (and so
    the calendar day readers see) changes, and only toward a day the page itself states.
    """
    if value.precision != "second" or value.value.utcoffset() != timedelta(0):
        return value
    instant = value.value
    for hint in local_date_hints(scan, url):
        if hint.precision == "second" and hint.value == instant:
            if hint.value.utcoffset() != timedelta(0):
                return DateValue(hint.value, "second", value.method)
            continue
        day = hint.value.date()
        if hint.method == UTC_HINT and day == instant.date():
            # Another UTC stamp (often the modification time) on the same UTC day says
            # nothing about the local day: look further.
            continue
        seconds = instant.hour * 3600 + instant.minute * 60 + instant.second
        if day == instant.date() + timedelta(days=1):
            hours = -(-(86400 - seconds) // 3600)  # ceiling: the local clock passes midnight
            if hours <= MAX_EAST_HOURS:
                return shifted(value, hours)
        elif day == instant.date() - timedelta(days=1):
            hours = -(seconds // 3600 + 1)
            if -hours <= MAX_WEST_HOURS:
                return shifted(value, hours)
        return value  # the page agrees with the UTC day, or dates something else
    return value


def shifted(value: DateValue, hours: int) -> DateValue:
    moment = value.value.astimezone(timezone(timedelta(hours=hours)))
    return DateValue(moment, "second", value.method)


def local_date_hints(scan: PageScan, url: str) -> Iterator[DateValue]:
    """Dates as the page writes them locally: URL, local-offset metas, <time>, visible stamps."""
    value = date_from_url(url)
    if value:
        yield value
    for key in PUBLISHED_METAS:
        for raw in scan.metas.get(key, [])[:2]:
            value = parse_iso(raw, "hint") or parse_any(raw, "hint")
            if value:
                yield utc_marked(raw, value)
    for tag in scan.times[:3]:
        raw = attr_value(tag, "datetime")
        value = (parse_iso(raw, "hint") if raw else None) or parse_any(element_text(tag), "hint")
        if value:
            yield utc_marked(raw, value)
    for tag in scan.stamps[:10]:
        value = stamp_published(element_text(tag)[:200])
        if value:
            yield value
            break
    value = first_visible_date(scan)
    if value:
        yield value


EXPLICIT_UTC_RE = re.compile(r"(?:Z|[+-]00:?00|UTC|GMT)\s*$", re.IGNORECASE)
UTC_HINT = "hint:utc"


def utc_marked(raw: str, value: DateValue) -> DateValue:
    """Mark a machine timestamp written in UTC ("...T00:53:29Z"): its calendar day is UTC's."""
    if value.precision == "second" and EXPLICIT_UTC_RE.search(raw.strip()):
        return DateValue(value.value, value.precision, UTC_HINT)
    return value


SCRIPT_DATE_RE = re.compile(
    r'["\'](?:datePublished|date_published|publishedAt|published_at|publishDate|publish_date'
    r'|publishedDate|published_date|publicationDate|publication_date|firstPublished(?:At|Date)?'
    r'|pubDate)["\']\s*:\s*["\']'
    r'([^"\']{8,40})["\']'
)


def script_date(scan: PageScan) -> DateValue | None:
    """A publication date in a page's inline app state (script-rendered pages only)."""
    for tag in scan.scripts:
        raw = tag.string
        if not raw or len(raw) > 2_000_000:
            continue
        match = SCRIPT_DATE_RE.search(raw)
        if match:
            value = parse_iso(match.group(1), "script")
            if value:
                return value
    return None


def first_visible_date(scan: PageScan) -> DateValue | None:
    """The first written date after the headline, else from the top of the page."""
    headline = scan.headline or (scan.h1s[0] if scan.h1s else None)
    if headline is not None:
        line, line_at, other = read_text_dates(headline.next_elements)
        if line and line_at <= DATE_LINE_REACH:
            return line
        # a date line far below the headline may be a teaser's: one right above it, or a
        # date the text under the headline gives first, is closer to the story
        value = kicker_date(headline) or other or line
        if value:
            return value
    if scan.body is not None:
        return scan_text_date(scan.body.descendants)
    return None


# A date printed above the headline sits in the last few texts before it ("06.12.2022");
# another date among the texts above that one makes a list of teasers, not a kicker.
KICKER_DATE_PIECES = 2
KICKER_LIST_PIECES = 4
KICKER_DATE_NODES = 300


def kicker_date(headline: Tag) -> DateValue | None:
    """The date on a short line right above the headline, as some newsrooms print it."""
    found: DateValue | None = None
    seen = 0
    for node in islice(headline.previous_elements, KICKER_DATE_NODES):
        text = visible_string(node)
        if not text:
            continue
        seen += 1
        if seen > KICKER_DATE_PIECES + KICKER_LIST_PIECES or (
                found is None and seen > KICKER_DATE_PIECES):
            break
        if not DIGIT_RE.search(text):
            continue
        if found is not None:
            if parse_text_date(text, "visible_date", with_time=False):
                return None
            continue
        # a date inside a link belongs to the story it links to
        if (is_date_line(text) and not UPDATED_RE.search(text)
                and not (node.parent is not None and node.parent.name == "a")):
            found = parse_text_date(text, "visible_date", with_time=True)
    return found


def visible_string(node: Any) -> str:
    """A text node's stripped text; "" for tags, comments, scripts, styles and blanks."""
    if not isinstance(node, NavigableString) or isinstance(node, SKIP_STRING_TYPES):
        return ""
    parent = node.parent
    if parent is None or parent.name in SKIP_TEXT_TAGS:
        return ""
    return str(node).strip()


def text_pieces(nodes: Iterator[Any], limit: int = 2500) -> list[str]:
    """Visible text strings in document order, outside page chrome, up to limit characters."""
    pieces: list[str] = []
    size = 0
    for node in nodes:
        text = visible_string(node)
        if not text:
            continue
        pieces.append(text)
        size += len(text)
        if size > limit:
            break
    return pieces


DEEP_TEXT_LIMIT = 6000


def scan_text_date(nodes: Iterator[Any], limit: int = 2500) -> DateValue | None:
    """The first date these texts give, on a line of its own or not."""
    line, _, other = read_text_dates(nodes, limit)
    return other or line


def read_text_dates(
    nodes: Iterator[Any], limit: int = 2500
) -> tuple[DateValue | None, int, DateValue | None]:
    """The first date on a short line of its own with the characters read before it, and
    the first date a text before it mentions (with no line, failing that, an update date)."""
    after_label = after_clock = False
    size = 0
    updated: DateValue | None = None
    mentioned: DateValue | None = None
    for piece in text_pieces(nodes, limit):
        size += len(piece)
        clock = CLOCK_LABEL_RE.search(piece)
        if clock or after_clock:
            # the clock's or join date's label may stand apart from its date: skip that too
            after_clock = clock is not None and clock.end() >= len(piece) - 1
            continue
        if DIGIT_RE.search(piece) and not parse_updated_stamp(piece):
            value = parse_text_date(piece, "visible_date", with_time=True)
            if value and not after_label:
                # A caption or sentence may mention another day; the dateline is short.
                if is_date_line(piece):
                    return value, size - len(piece), mentioned
                mentioned = mentioned or value
                continue
            updated = updated or value
        # "Last updated on" printed apart from its date: the next piece is that date.
        label = UPDATED_RE.search(piece)
        after_label = label is not None and label.end() >= len(piece) - 1
    # Only an update date near the headline: the page was up by then (as with stamps).
    return None, size, mentioned or updated


def visible_updated_date(scan: PageScan) -> DateValue | None:
    """An "Updated <date>" line under the headline, in an element no class marks as a stamp."""
    headline = scan.headline or (scan.h1s[0] if scan.h1s else None)
    if headline is None:
        return None
    return first_updated_stamp(headline.next_elements, 1500)


# An undated page's "Last updated" line may sit under the article, past long body text.
DEEP_UPDATED_LIMIT = 20000


def deep_updated_date(scan: PageScan) -> DateValue | None:
    """An "Updated <date>" line anywhere in the text of a page that states no other date."""
    if scan.body is None:
        return None
    return first_updated_stamp(scan.body.descendants, DEEP_UPDATED_LIMIT)


def first_updated_stamp(elements: Iterator[Any], limit: int) -> DateValue | None:
    """The first "Updated <date>" piece of text among these elements, within limit chars."""
    for piece in text_pieces(elements, limit):
        if DIGIT_RE.search(piece):
            value = parse_updated_stamp(piece)
            if value:
                return value
    return None


def pick_modified(
    scan: PageScan, article: dict[str, Any] | None, page_node: dict[str, Any] | None
) -> DateValue | None:
    value = jsonld_date([article, page_node], "dateModified")
    if value:
        return value
    value = meta_date(scan, MODIFIED_METAS)
    if value:
        return value
    for tag in scan.itemprops.get("datemodified", []):
        raw = attr_value(tag, "content") or attr_value(tag, "datetime") or element_text(tag)
        value = parse_any(raw, "itemprop")
        if value:
            return value
    for tag in scan.stamps[:30]:
        text = element_text(tag)[:200]
        value = parse_updated_stamp(text)
        if value:
            return value
    return visible_updated_date(scan)


def pick_section(scan: PageScan, article: dict[str, Any] | None) -> tuple[str, str] | None:
    if article and article.get("articleSection"):
        text = as_text(article["articleSection"])
        if text:
            return text, "jsonld"
    for key in SECTION_METAS:
        for value in scan.metas.get(key, []):
            text = clean_space(unescape_html(value))
            if text:
                return text, meta_method(key)
    return None


def pick_tags(scan: PageScan, article: dict[str, Any] | None) -> tuple[tuple[str, ...], str] | None:
    if article and article.get("keywords"):
        raw = article["keywords"]
        values = raw if isinstance(raw, list) else str(raw).split(",")
        tags = dedupe(clean_space(as_text(v)) for v in values)
        if tags:
            return tags, "jsonld"
    for key in TAG_METAS:
        values = scan.metas.get(key, [])
        if not values:
            continue
        parts = values if len(values) > 1 else values[0].split(",")
        tags = dedupe(clean_space(unescape_html(p)) for p in parts)
        if tags:
            return tags, meta_method(key)
    return None


def dedupe(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


def pick_language(scan: PageScan, article: dict[str, Any] | None) -> tuple[str, str] | None:
    declared = normalize_lang(scan.html_lang)
    if declared:
        return declared, "html_lang"
    for key in LANG_METAS:
        for value in scan.metas.get(key, []):
            code = normalize_lang(value)
            if code:
                return code, "og" if key.startswith("og:") else f"meta:{key}"
    if article:
        code = normalize_lang(as_text(article.get("inLanguage")))
        if code:
            return code, "jsonld"
    text = " ".join(element_text(p) for p in scan.paragraphs[:40])
    if len(text) < 200:
        text = " ".join([text] + [element_text(h) for h in scan.h1s[:2]]
                        + scan.metas.get("og:description", [])[:1]
                        + scan.metas.get("description", [])[:1] + [scan.title_tag])
    code = detect_language(text)
    if code:
        return code, "langid"
    return None


def pick_canonical(
    scan: PageScan, article: dict[str, Any] | None, url: str
) -> tuple[str, str] | None:
    candidates = [(scan.canonical, "link_canonical")]
    candidates += [(v, "og") for v in scan.metas.get("og:url", [])[:1]]
    if article and isinstance(article.get("url"), str):
        candidates.append((article["url"], "jsonld"))
    for value, method in candidates:
        value = value.strip()
        if value and not value.startswith(("javascript:", "data:", "#")):
            return urljoin(url, value) if url else value, method
    return None


def image_url(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id") or ""
        if isinstance(value, list):
            value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def img_source(img: Tag) -> str:
    for key in ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset"):
        value = attr_value(img, key)
        if value and not value.startswith("data:"):
            return value.split(",")[0].split()[0]
    return ""


def pick_image(
    scan: PageScan, article: dict[str, Any] | None, url: str
) -> tuple[LeadImage, str] | None:
    source = ""
    method = ""
    for key in IMAGE_METAS:
        values = scan.metas.get(key, [])
        if values and values[0].strip():
            source, method = values[0].strip(), meta_method(key)
            break
    if not source and article:
        source = image_url(article.get("image") or article.get("thumbnailUrl"))
        method = "jsonld" if source else ""
    figure = pick_figure(scan.figures, source)
    if not source and figure is not None:
        img = first_named(figure, ("img",))
        if img is not None:
            source, method = img_source(img), "figure"
    if not source:
        return None
    absolute = urljoin(url, source) if url else source
    caption, credit = figure_caption(figure) if figure is not None else (None, None)
    return LeadImage(url=absolute, caption=caption, credit=credit), method


def pick_figure(figures: list[Tag], source: str) -> Tag | None:
    """The figure showing the lead image, else the first figure with an image."""
    first: Tag | None = None
    tail = source.rsplit("/", 1)[-1].split("?")[0] if source else ""
    for figure in figures[:10]:
        img = first_named(figure, ("img",))
        if img is None:
            continue
        if first is None:
            first = figure
        if tail and tail in img_source(img):
            return figure
    return first


def figure_caption(figure: Tag) -> tuple[str | None, str | None]:
    caption_tag = first_named(figure, ("figcaption",))
    credit: str | None = None
    credit_tag = None
    for tag in iter_tags(figure):
        if CREDIT_CLASS_RE.search(attr_string(tag)):
            credit_tag = tag
            break
    if credit_tag is not None:
        credit = element_text(credit_tag)
    if not isinstance(caption_tag, Tag):
        return None, clean_credit(credit) if credit else None
    caption = element_text(caption_tag)
    if credit and credit in caption:
        caption = clean_space(caption.replace(credit, " "))
    elif not credit:
        match = PHOTO_CREDIT_RE.search(caption)
        if match and len(match.group(1)) < 120:
            credit = match.group(1)
            caption = clean_space(caption[: match.start()])
    return caption or None, clean_credit(credit) if credit else None


def clean_credit(text: str) -> str | None:
    text = clean_space(text)
    match = PHOTO_CREDIT_RE.match(text)
    if match:
        text = match.group(1)
    text = text.strip(" ()[]©")
    return text or None


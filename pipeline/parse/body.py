"""Main-text extraction: site selectors (sites.yaml) > scored container > JSON-LD > all <p>.

The generic path removes boilerplate by tag and class/id patterns (and the headline's deck and
captions that repeat an image's description), scores containers by the paragraph text they
hold (penalised by link density), merges strong siblings of the winner and the same-class
parts of an article split between ads, then walks the winner(s) in document order emitting
paragraphs, headings and list items, and trims page furniture from the start and the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from pipeline.models import Block, Body
from pipeline.parse.text import (
    DIGIT_RE,
    attr_string,
    attr_value,
    clean_space,
    find_named,
    first_named,
    iter_tags,
    word_key,
)
from pipeline.urls import site_host

SITES_FILE = Path(__file__).with_name("sites.yaml")

# Never article text, whatever their class says.
JUNK_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "footer",
    "button", "select", "option", "input", "textarea", "label", "figure", "figcaption",
    "picture", "video", "audio", "canvas", "object", "embed", "map", "head", "title",
    "meta", "link", "dialog", "menu", "img", "source", "math", "form-placeholder",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "fieldset", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "summary", "center", "figure", "figcaption",
})
SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)

# The writer's bio box: named so, a bare "bio", or the common author-box plugins' prefixes.
AUTHOR_BOX_PATTERN = (
    r"(?:autho?r|autor)[-_]*(?:bio|info|box|about|desc|profile|detail)|about-?the-?author"
    r"|(?:^|\s)bio(?:$|\s)|(?:^|\s)the-author(?:$|\s)|saboxplugin|(?:^|\s)abh_")
# Boilerplate by class/id: always chrome around an article.
STRONG_NEGATIVE_RE = re.compile(
    r"share|sharing|social|newsletter|subscri|signup|sign-up|related|recommend|comment(?!ary)"
    r"|disqus|outbrain|taboola|cookie|consent|gdpr|dsgvo|popup|modal|promo|advert|sponsor"
    r"|breadcrumb"
    r"|pagination|pager\b|byline|caption|credit|most-?popular|trending|more-?from|read-?more"
    r"|readmore|(?<!no-)(?<!content-)sidebar(?!-wrap)|(?<!no-)side-bar|footer|toolbar|skip-?link|sr-only|visually-?hidden"
    r"|screen-?reader|\bnav\b|navigation|navbar|\bmenu|masthead|banner|rating"
    r"|" + AUTHOR_BOX_PATTERN +
    r"|tag-?list|\btags\b|topic-?list|print-?only|hidden-print|also-?read|see-?also|jump-?link"
    r"|paywall-?(?:prompt|message)|(?<![a-z])cta(?![a-z])|donat(?:e|ion)|factbox|login"
    r"|follow-?us|app-?download|rss|teaser-list|newsletter"
    r"|(?:^|[\s_-])ads?(?:$|[\s_-])|adslot|ad-?container|ad-?wrapper|dfp|lightbox|gallery-?thumb"
    r"|publicidad|anuncio|werbung|pubblicit|reading-?time|lesezeit"
    r"|(?:^|\s)meta(?:$|\s)|post-?meta|entry-?meta|article-?meta|story-?meta|dateline|timestamp"
    r"|publish-?date|pubdate|date-?line|\bwp-caption|image-?(?:credit|caption)|headline-?list"
    r"|metadata|feedback|under-?article|up-?next|next-?(?:article|story|post)|\btl-?dr\b"
    r"|synopsis|story-?highlight|util(?:ity)?-?bar|\bdek\b|\bdeck\b|video-?(?:desc|caption)"
    r"|article-?abstract"
    # notes under the text: sources, asides and legal small print, which extractors leave out
    r"|footnotes|disclaimer|legal-?info"
)
POSITIVE_RE = re.compile(
    r"article|\bbody|content|entry|hentry|main|\bpost\b|post-?(?:body|content|text)|text|story"
    r"|prose|blog|richtext|rich-text|paragraph|column|abstract"
)
# Classes that hold the article itself even when a negative word also appears.
CONTENT_CLASS_RE = re.compile(
    r"article-?(?:body|content|text)|story-?(?:body|content|text)|post-?(?:body|content)"
    r"|entry-?content|body-?text|articlebody|main-?content|content-?body|text-?content"
    # BEM names ("article__body"); a longer name is an element inside the text box
    r"|(?:article|story|post|entry)__(?:body|content|text)(?:\s|$)"
)
NEGATIVE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu",
                            "menubar", "search", "dialog", "alert", "toolbar"})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

AD_LABEL = (r"(?:advertisement|advert|anzeige|publicidad|publicidade|publicité|pubblicità|werbung"
            r"|reklama|reklam|реклама|iklan|annons|annonse|annonsørinnhold|advertentie|reclame|mainos)")
# Short blocks that are page chrome rather than prose.
CHROME_TEXT_RE = re.compile(
    rf"^(?:{AD_LABEL}\b.{{0,40}}"
    # the same labels set off by dashes or an asterisk ("- Anzeige -", "*Werbung")
    rf"|[-–—*(\[\s]+{AD_LABEL}\b.{{0,60}}"
    # the audio player's label above the text
    r"|listen to (?:this|the) (?:article|story).{0,20}|escucha (?:esta nota|este artículo).{0,10}"
    r"|artikel (?:anhören|vorlesen)"
    r"|(?:lesezeit|reading time|tiempo de lectura|temps de lecture)\b.{0,30}"
    r"|\d+\s*min(?:ute)?s?\.?\s+(?:read|lesezeit|de lectura)"
    r"|share(?: this)?(?: article| story| post)?|tweet"
    r"|email|print|follow us|sign up|subscribe|read more|related(?: articles| stories)?:?"
    r"|see also|click here|more:|also read|watch:|listen|loading|sponsored|recommended"
    # a date stamp names its date ("Published by X" credits a publisher, "Updated and kept"
    # opens a sentence); "posted" and "first published" lines are the blog's own notes
    r"|(?:updated|published|last updated)\b(?=.*\d).{0,60}"
    r"|(?:posted|first published)\b.{0,60}"
    r"|by\s+[^.!?]{2,60}|(?:written|posted|reported|reviewed|edited) by\b.*|photo:.*|image:.*"
    # a credit or copyright line, not a sentence or heading about photographers or copyright
    r"|credit:.*|getty images|\(?ap photos?\b.*|copyrights?(?:\b(?=.*(?:\d|[©ⓒ]|rights)).*)?|©.*"
    # picture credits and agency sign-offs ("Foto: Name", "Quelle: dpa", "abc/PAP")
    r"|(?:foto|fotos|bild|bildquelle|titelbild|beitragsbild|quelle|crédits? photos?)\s*:.*"
    # the same credits in brackets under a picture or a wire story ("(Credit: Name / Agency)")
    r"|\((?:photo|image|credit|foto|fotos|bild|quelle)s?\s*:[^()]*\)"
    # the source line under a chart or a wire story ("Source: Harbour Board"): a name, never a
    # sentence (those open in lower case), and never the bare "Sources:" label over a list
    r"|(?:source|resource|fuente|fonte|źródło|zdroj|bron|kilde|источник|джерело)\s*:\s*"
    r"(?!\s|(?-i:[a-zà-ÿ]))[^.!?:;]{2,60}\.?"
    r"|.{0,60}\b(?:getty images|shutterstock|imago images)\b.{0,30}"
    r"|(?:[\w.]+\s*/\s*)?(?:afp|dpa|pap|apa|kna|epd|reuters)(?:\s*/\s*[\w .-]{2,40})?"
    # skip and toggle buttons are labels of a few words, not sentences that begin alike
    r"|all rights reserved.*|skip to(?: [\w-]+){1,3}|back to top|toggle(?: [\w-]+){0,2}|close|menu"
    r"|search|register"
    # the labels of buttons that show, hide, print or bookmark a picture, a box or the page
    r"|(?:[\w-]+ ){0,2}(?:anzeigen|ausblenden|einblenden|schließen|favorisieren|drucken|merken"
    r"|aufklappen)(?: [\w-]+ (?:anzeigen|ausblenden|schließen|zuklappen))?\.?"
    r"|(?:show|see|view) (?:more|less|all)|(?:contents )?hide|expand|collapse"
    r"|(?:article|story) continues below.{0,20}|continue reading below"
    # a video's label above the player or its caption ("WATCH | The mayor's speech:")
    r"|watch(?: now| next| video(?: here)?(?: \d{1,2}:\d{2})?)|watch\s*\|.{0,100}|video ansehen"
    # the placeholder of an embed waiting for the reader's consent
    r"|externer inhalt"
    # the label of a tag or category list, left once its links were dropped
    r"|(?:article )?(?:topics|tags|categories|categorias|categorías|schlagw[oö]rter?|themen):?"
    # a video player's notice when its script fails, and the label of its playlist
    r"|(?:.{0,30}\b)?(?:this|the) (?:video|player) (?:has )?failed to load.{0,10}"
    r"|try refreshing (?:your|the) (?:browser|page).{0,80}|recommended videos"
    r"|.{0,60}\|\s*\d+\s*min(?:ute)?s? read"
    # the label of a table of contents, whose links are dropped as a link list
    r"|(?:table of )?contents:?|inhaltsverzeichnis|sommaire|índice|jump to .{0,20}"
    r"|on this page|in this (?:article|post|guide):?"
    # widget labels: share buttons, gallery counters, comment counters, error reports
    r"|sharing is caring!?|back to (?:the )?gallery|(?:image|photo|bild|foto) \d+ (?:of|von) \d+"
    r"|comments? \((?:\+|\d+)\)|fehler gefunden\?(?: jetzt melden\.?)?"
    r"|view this post on instagram|end of (?:the )?article"
    # the metered paywall's account prompts
    r"|(?:sign|log) in or (?:create an account|register)"
    r"|you(?:'|’)ve reached (?:the|your) \d+ (?:free )?articles? limit\.?"
    r"|(?:you can )?manage (?:your )?saved articles in your account\.?"
    r"|and save up to \d+ articles!?"
    # the date line of the page's meta box in other languages, and a bare timestamp
    r"|(?:publiziert|veröffentlicht|aktualisiert|stand|publicado|actualizado|publié|mis à jour"
    r"|pubblicato|aggiornato|opublikowano|zaktualizowano|gepubliceerd|bijgewerkt)\b"
    r"[^.!?\d]{0,20}\d{1,2}[./:]\s?\d{1,2}\b.{0,40}"
    r"|(?:\w+,?\s+)?\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{2}|\d{4})\s*,?\s*[-–|,]?\s*\d{1,2}[:.]\d{2}(?:\s*uhr)?"
    # player, text-size and slideshow widgets, and the frame of a boxed note
    r"|text size|article content|embed|save|video|vídeo|duration \d{1,2}:\d{2}(?::\d{2})?"
    r"|player wird geladen\.?|this slideshow requires javascript\.?"
    r"|ende der weiteren informationen|empfohlener redaktioneller inhalt"
    # the writer's job title left alone under the text once the name went with the byline box
    r"|(?:contributing|associate|senior|staff|deputy|executive|managing) (?:writer|editor|reporter)"
    # a blog engine's shortcodes printed as text when their plugin is gone
    r"|(?:\[/?[a-z]+_[a-z_]+[^\]]*\]|\[[a-z_]+ [a-z_]+=[^\]]*\])+)$",
    re.IGNORECASE,
)
# Affiliate and sponsorship disclaimers: page furniture wherever they sit.
DISCLAIMER_RE = re.compile(
    r"affiliate links?|may (?:earn|receive) (?:a )?(?:small )?(?:commission|revenue)"
    r"|earn from qualifying purchases|we may earn|participate in affiliate programs"
    # the publisher's notes on copyright and on the views of outside authors
    r"|copyrighted property|written permission|not (?:be )?responsible for the (?:opinions|content)"
    r"|opinions? expressed|do(?:es)? not necessarily reflect|may not be (?:reproduced|republished)"
    r"|gibt (?:nur )?die meinung|nicht (?:notwendigerweise|zwingend) die (?:meinung|der redaktion)"
    r"|n.engagent que leurs auteurs"
    # the placeholder of an embed waiting for the reader's consent
    r"|wir respektieren (?:deine|ihre) privatsphäre"
    r"|an dieser stelle finden sie [^.]{0,60}externen inhalt"
    r"|ich bin damit einverstanden,? dass mir externe inhalte"
    # the small print on prices and figures that may have changed
    r"|angaben ohne gewähr|prices? (?:were|are) accurate (?:at|as of) the time"
    # the moderation rules above the comments
    r"|(?:unsere[rn]?|our) netiquette|moderat\w* (?:all )?comments"
    r"|comments? (?:are|will be) moderated"
    r"|(?:não serão|will not be) (?:aprovad|approved|published)|comment now$",
    re.IGNORECASE,
)
# Professional-advice small print of advisers, lenders and health sites: boilerplate the
# regulator asks for under every post, longer than other disclaimers.
ADVICE_DISCLAIMER_RE = re.compile(
    r"not fdic insured|\bis an? (?:sec[- ])?registered investment advis[eo]r"
    r"|for (?:general |educational and )?informational purposes only"
    r"|is not (?:a substitute for )?(?:professional )?(?:legal|medical|financial|tax) advice"
    r"|do(?:es)? not provide (?:tax|legal|investment|financial|medical)(?:, \w+)?(?: or \w+)?"
    r" advice",
    re.IGNORECASE,
)
MAX_ADVICE_DISCLAIMER_CHARS = 600
# A story quoting someone ("This is not financial advice," she wrote) keeps the line.
QUOTATION_MARK_RE = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]")


# The legal line under a sign-up form, longer than other furniture.
SIGNUP_LEGAL_RE = re.compile(
    r"^by (?:signing up|subscribing|clicking|submitting|registering|posting a comment)\b.{0,600}$",
    re.IGNORECASE | re.DOTALL)
# Calls to action placed inside the text box (sign-up, follow, quote and pin prompts, paywall
# notes): short lines that address the reader about the site, not about the story.
CALL_TO_ACTION_RE = re.compile(
    r"^(?:subscribe\b|sign up\b|join (?:our|the) (?:[\w-]+ )?(?:newsletter|mailing list|community)"
    r"|follow (?:us|[\w'’.]+(?: [\w'’.]+){0,5}) on (?:facebook|twitter|instagram|telegram|x\b"
    r"|linkedin|youtube|tiktok|pinterest)|s[ií]guenos\b|get (?:a|your) free\b|download our\b"
    r"|request a (?:quote|demo)|get started\b(?!:)|get in touch[.!]?$"
    r"|(?:don.t forget to )?pin (?:this|it)\b"
    r"|like (?:it|this)\? pin|to (?:view|read|continue reading) the full (?:story|article)"
    r"|this (?:article|story|content) is (?:exclusive|available only) to"
    r"|if you enjoyed (?:reading )?this|did you (?:enjoy|like|make|try) (?:this|one of)"
    r"|support (?:our|independent) journalism|this story is funded by"
    # newsletter, social and shopping prompts
    r"|stay connected\b|get the free\b"
    r"|get more (?:[\w'’-]+ ){0,2}(?:content|tips|news|recipes|stories)\b"
    r"|pin (?:it |this )?for later|see (?:the )?(?:price|deal) at\b"
    r"|receive [^.]{0,60}(?:to|in) your inbox|follow us on social media"
    r"|share (?:the|this) (?:blog|post|article|story)(?: on)?\s*:?$|jetzt abonnieren\b)",
    re.IGNORECASE,
)
# The prompts open the line; the rest (handles, addresses, the rating plea) may run on.
MAX_CALL_TO_ACTION_CHARS = 300
# The site's own promotion anywhere in a short block (its app, newsletter, accounts, login):
# such a line speaks of the outlet, never of the story.
SITE_PROMO_RE = re.compile(
    r"download (?:the|our) [^.!?]{0,40}\bapps?\b|straight to your (?:phone|inbox)"
    r"|sign up (?:for (?:our|the) (?:free )?(?:[\w-]+ ){0,2}newsletter|here\W*$)"
    r"|subscribe to (?:our|the) (?:free )?(?:[\w-]+ ){0,2}newsletter"
    r"|follow (?:us|me) on (?:facebook|twitter|instagram|pinterest|youtube|tiktok|x\b)"
    r"|already have an account\?|already a subscriber"
    # newsletter prompts: the inbox it comes to, the forwarded copy, the paywalled rest
    r"|(?:sign[- ]?up|subscri\w*|newsletter)\b.{0,120}\b(?:to|in|into) your (?:email )?inbox"
    r"|(?:to|in|into) your (?:email )?inbox\b.{0,120}\b(?:sign[- ]?up|subscri)"
    r"|delivered (?:right |straight |directly )?to your (?:email )?inbox"
    r"|if you are (?:opening|reading) this [\w ]{0,20}in your (?:email )?inbox"
    r"|(?:was this|if (?:you were|this (?:email|newsletter) was)) (?:\w+ )?forwarded"
    r"|if you haven.t (?:already |yet )?subscribed|become a paid subscriber"
    r"|to read the rest of this (?:story|article)|unlock this (?:article|story|piece)"
    r"|newsletter (?:abonnieren|bestellen|erhalten)\b|für (?:den|unseren|meinen) newsletter an\b"
    r"|abonniere?n? (?:sie |du )?(?:jetzt |hier )?(?:den|unseren|meinen|unser|unsere) [\w-]*"
    r"(?:newsletter|briefing|kanal)|in (?:deinen|ihren) (?:e-mail-)?posteingang"
    # the sharing, letters and donation pleas
    r"|share (?:it|this)(?: \w+)? with (?:a |your )?friends?"
    r"|(?:submit|send|write)\b.{0,30}\bletters? to the editor"
    r"|letters? to the editor\b.{0,80}\b(?:we.d like to hear|send us|submit)"
    r"|wesprzyj nas|jede (?:kleine )?spende hilft|apoya el periodismo|spenden könnt ihr"
    r"|your (?:one-off |monthly |regular )?(?:or monthly )?donations? (?:play|help|keep|make)"
    r"|unterstützen sie (?:unsere|unseren) (?:arbeit|journalismus)"
    # the members-only notes of Japanese papers
    r"|会員限定|会員登録が必要|会員の方のみ|続きをお読みいただけます|有料会員になると",
    re.IGNORECASE,
)
MAX_SITE_PROMO_CHARS = 300
# The blog engine's filing line under a post and a journal's citation hint: metadata in prose.
POST_FOOTER_RE = re.compile(
    r"^(?:this (?:entry|post) was (?:posted|filed)\b|(?:der|dieser) (?:beitrag|eintrag) wurde am\b"
    r"|suggested citation\b|cite this (?:article|post) as\b)",
    re.IGNORECASE,
)
MAX_POST_FOOTER_CHARS = 600
# An image's caption kept in the text: numbered ("Figure 3: ...") or ending in its credit.
CAPTION_RE = re.compile(
    r"^(?:abbildung|abb\.|figure|fig\.|grafik|bild)\s*\d+\s*[:.]|©\s*[^.!?©]{2,60}$"
    # the credit of the picture at the top of a post, left under the text
    r"|^(?:feature[ds]? (?:image|photo)|header image|beitragsbild|titelbild)s?"
    r"\s*(?:by|from|via|von)\b"
    # a caption closing on the picture's credit ("... the new pier. (Photo: Name/Agency)")
    r"|\((?:photo|image|picture|credit|foto|fotos|bild|symbolbild|archivbild|archivfoto)s?"
    r"\s*:[^()]{2,60}\)$|[.!?]\s+(?:photo|foto|bild|image|picture)s?\s*:\s*[^.!?:]{2,40}$",
    re.IGNORECASE)
MAX_CAPTION_CHARS = 300
# A word of each branch of the unanchored furniture patterns, lower case: a line holding none
# of them cannot match, and most lines hold none (the patterns' many branches are slow to try).
SITE_PROMO_WORDS = (
    "download", "straight to your", "sign up", "follow", "already", "inbox", "forwarded",
    "subscri", "rest of this", "unlock", "newsletter", "abonn", "posteingang", "friend",
    "to the editor", "wesprzyj", "spende", "apoya", "donation", "unterstützen", "会員",
    "続きをお読み",
)
DISCLAIMER_WORDS = (
    "affiliate", "commission", "revenue", "qualifying", "we may earn", "copyright",
    "written permission", "responsible for the", "opinion", "necessarily reflect", "may not be",
    "meinung", "der redaktion", "engagent", "privatsphäre", "externen inhalt", "externe inhalte",
    "gewähr", "accurate", "netiquette", "moderat", "não serão", "will not be", "comment now",
)


def gate_by_words(pattern: re.Pattern[str], words: tuple[str, ...]
                  ) -> Callable[[str], re.Match[str] | None]:
    """pattern.search, tried only on lines that hold one of the words."""
    def search(text: str) -> re.Match[str] | None:
        lowered = text.lower()
        return pattern.search(text) if any(word in lowered for word in words) else None
    return search


ADVICE_WORDS = ("advi", "fdic", "informational")
search_advice_small_print = gate_by_words(ADVICE_DISCLAIMER_RE, ADVICE_WORDS)


def match_advice_small_print(text: str) -> re.Match[str] | None:
    """The advice disclaimer in a line that quotes nobody."""
    match = search_advice_small_print(text)
    return None if match is None or QUOTATION_MARK_RE.search(text) else match


# Short lines of page furniture, each pattern with the length under which it is trusted: a
# longer block that opens or ends the same way is prose.
FURNITURE_LINES: tuple[tuple[int, Callable[[str], re.Match[str] | None]], ...] = (
    (120, CHROME_TEXT_RE.match),
    (MAX_CALL_TO_ACTION_CHARS, CALL_TO_ACTION_RE.match),
    (MAX_SITE_PROMO_CHARS, gate_by_words(SITE_PROMO_RE, SITE_PROMO_WORDS)),
    (MAX_POST_FOOTER_CHARS, POST_FOOTER_RE.match),
    (MAX_CAPTION_CHARS, CAPTION_RE.search),
    (350, gate_by_words(DISCLAIMER_RE, DISCLAIMER_WORDS)),
    (MAX_ADVICE_DISCLAIMER_CHARS, match_advice_small_print),
)


def is_furniture(text: str) -> bool:
    """A short line of page furniture (labels, prompts, credits, small print)."""
    length = len(text)
    return any(length < most and test(text) for most, test in FURNITURE_LINES) \
        or SIGNUP_LEGAL_RE.match(text) is not None


MIN_PARAGRAPH_CHARS = 25
# Headlines and image descriptions repeated in the body are shorter than this.
MAX_SKIP_CHARS = 400
MIN_BODY_CHARS = 250
# Climb from the winner to an ancestor holding this many times more prose.
CLIMB_RATIO = 4.0


@dataclass(frozen=True)
class SiteRule:
    """Per-site selectors from sites.yaml."""

    domain: str
    body: str
    drop: tuple[str, ...]


def extract_body(soup: BeautifulSoup, url: str, authors: Iterable[str] = ()) -> Body:
    """Main text of the page as ordered blocks. Mutates the soup (call after metadata, whose
    authors it takes: a line holding only a writer's name is the byline, not the text)."""
    try:
        return build_body(soup, url or "", authors)
    except Exception:  # a malformed page must never stop the pipeline
        return Body(blocks=(), method="failed")


def find_author_keys(authors: Iterable[str]) -> set[str]:
    """Word keys of the writers' full names: a line holding only the name is the byline or the
    author box's heading left in the text box. One-word names may be a speaker's label, and a
    byline read with its verb ("Interview by ...") is a sentence the text keeps."""
    return {word_key(name) for name in authors
            if len(words := name.split()) >= 2 and not any(word[0].islower() for word in words)}


def build_body(soup: BeautifulSoup, url: str, authors: Iterable[str] = ()) -> Body:
    rule = find_site_rule(url)
    jsonld_bodies: list[str] = []
    if rule is not None:
        for selector in rule.drop:
            for tag in soup.select(selector):
                tag.decompose()
        selected = list(soup.select(rule.body))
        if selected:
            blocks = collect_blocks(selected, frozenset())
            if text_length(blocks) >= MIN_PARAGRAPH_CHARS:
                return Body(blocks=tuple(blocks), method=f"selector:{rule.domain}")
    h1 = first_named(soup, ("h1",))
    title_keys = frozenset(find_title_keys(soup, h1) | find_author_keys(authors))
    if h1 is not None:
        drop_headline_deck(h1)
    clean_tree(soup, jsonld_bodies)
    roots = pick_containers(soup)
    blocks = collect_blocks(roots, title_keys, site_host(url)) if roots else []
    best_jsonld = max(jsonld_bodies, key=len, default="")
    if text_length(blocks) >= MIN_BODY_CHARS:
        return Body(blocks=tuple(blocks), method="heuristic")
    if len(best_jsonld) >= MIN_BODY_CHARS:
        return Body(blocks=tuple(jsonld_blocks(best_jsonld)), method="jsonld:articleBody")
    fallback = collect_all_paragraphs(soup)
    if text_length(fallback) > text_length(blocks):
        return Body(blocks=tuple(fallback), method="fallback:paragraphs")
    if blocks:
        return Body(blocks=tuple(blocks), method="heuristic")
    if best_jsonld:
        return Body(blocks=tuple(jsonld_blocks(best_jsonld)), method="jsonld:articleBody")
    return Body(blocks=(), method="fallback:paragraphs")


# --- site rules -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_site_rules() -> dict[str, SiteRule]:
    """sites.yaml, read once per process; a missing or broken file means no site rules."""
    try:
        import yaml

        data = yaml.safe_load(SITES_FILE.read_text(encoding="utf-8")) or {}
    except Exception:
        return {}
    rules: dict[str, SiteRule] = {}
    if not isinstance(data, dict):
        return rules
    for domain, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("body"), str):
            continue
        drops = spec.get("drop") or []
        rules[str(domain).lower()] = SiteRule(
            domain=str(domain).lower(), body=spec["body"],
            drop=tuple(str(d) for d in drops if isinstance(d, str)),
        )
    return rules


def find_site_rule(url: str) -> SiteRule | None:
    rules = load_site_rules()
    if not rules or not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    while host:
        if host in rules:
            return rules[host]
        if "." not in host:
            break
        host = host.split(".", 1)[1]
    return None


# --- cleaning ---------------------------------------------------------------------------

MAX_DECK_CHARS = 400
# Separators between a headline and the site name in <title>.
TITLE_SPLIT_RE = re.compile(r"\s+(?:[|\-–—•·:»«]|--|::)\s+")
# Shorter keys ("News", "Home") would match real one-word blocks.
MIN_KEY_CHARS = 12
META_TITLE_NAMES = frozenset({"og:title", "twitter:title", "title"})


def drop_headline_deck(h1: Tag) -> None:
    """A short text right after the h1, in a headline box that holds no paragraph of the
    article, is the deck (subtitle, standfirst), not the article text, unless its class names
    it the lead. (Inside the article's own box, a deck cannot be told from a lead, and both
    are kept.)"""
    for sibling in h1.next_siblings:
        if isinstance(sibling, NavigableString):
            if sibling.strip() and not isinstance(sibling, SKIP_STRINGS):
                return
            continue
        if not isinstance(sibling, Tag):
            continue
        if sibling.name in HEADING_TAGS | {"p", "div"} and is_headline_box(h1.parent, sibling) \
                and not is_marked_standfirst(sibling):
            sibling.decompose()
        return


def is_marked_standfirst(deck: Tag) -> bool:
    """A deck whose class names it the lead: a sentence or two kept as the text's opening."""
    if not NESTED_LEAD_CLASS_RE.search(attr_string(deck)) or not is_lead_box(deck):
        return False
    text = short_text(deck, MAX_LEAD_CHARS)
    return text is not None and SENTENCE_END_RE.search(text.strip()) is not None


def is_headline_box(box: Tag | None, deck: Tag) -> bool:
    """A box with the headline and one short text only (and links, buttons, pictures)."""
    if box is None or len(deck.get_text()) > MAX_DECK_CHARS:
        return False
    texts = [p for p in find_named(box, ("p",), limit=3) if p.get_text().strip()]
    return len(texts) <= 1 and len(box.get_text()) < 3 * MAX_DECK_CHARS


def find_title_keys(soup: BeautifulSoup, h1: Tag | None) -> set[str]:
    """Word keys of the page's headline as h1, <title> (and its parts) and title meta: a block
    repeating the headline is page furniture, whatever tag the site used for it."""
    texts: list[str] = [clean_space(h1.get_text())] if h1 is not None else []
    head = soup.head
    for tag in find_named(head, ("title", "meta"), limit=400) if head is not None else ():
        if tag.name == "meta":
            name = (attr_value(tag, "property") or attr_value(tag, "name")).lower()
            if name in META_TITLE_NAMES:
                texts.append(attr_value(tag, "content"))
            continue
        text = clean_space(tag.get_text())
        texts.append(text)
        if tag.name == "title":
            texts.extend(TITLE_SPLIT_RE.split(text))
    keys = {word_key(text) for text in texts}
    return {key for key in keys if len(key) >= MIN_KEY_CHARS}


def clean_tree(soup: BeautifulSoup, jsonld_bodies: list[str]) -> None:
    """Drop tags and class/id-marked boxes that are never article text."""
    body = soup.body or soup
    page_chars = len(body.get_text())
    slots: dict[str, Tag] = {}
    segments: list[Tag] = []
    for tag in list(iter_tags(soup)):
        # bs4 looks a missing attribute up as a child tag (a subtree search): read the dict
        if tag.__dict__.get("_decomposed"):
            continue
        name = tag.name
        if name == "template" and STREAM_SLOT_RE.match(attr_value(tag, "id")):
            slots[attr_value(tag, "id")] = tag
            continue
        if name in JUNK_TAGS:
            scripts: list[Tag] = []
            if name == "head":
                scripts = find_named(tag, ("script",))
            elif name == "script":
                scripts = [tag]
            for script in scripts:
                if "ld+json" in attr_value(script, "type").lower():
                    jsonld_bodies.extend(find_article_bodies(script.get_text()))
            if name == "img":
                drop_alt_caption(tag)
            if name == "figure" and keeps_text(tag):
                continue
            # An unclosed <header>/<button>/<nav> swallows the page in the parse tree.
            if name in WRAPPER_JUNK_TAGS and holds_prose(tag, "", page_chars):
                continue
            tag.decompose()
            continue
        if name in {"html", "body"} or not tag.attrs:
            continue
        attrs = attr_string(tag)
        # Hidden boxes are usually menus and modals, but some apps hide the article itself
        # until scripts run, so prose-bearing boxes survive.
        hidden = tag.get("hidden") is not None or tag.get("aria-hidden") == "true"
        style = tag.get("style")
        if not hidden and isinstance(style, str):
            hidden = HIDDEN_STYLE_RE.search(style) is not None
        if hidden or attr_value(tag, "role").lower() in NEGATIVE_ROLES:
            # React streams late parts of the page as hidden segments (id "S:0", "S:1", ...)
            # that a script moves into place: each holds a slice of the article.
            if hidden and STREAMED_SEGMENT_RE.match(attr_value(tag, "id")):
                segments.append(tag)
                continue
            if name not in {"article", "main"} and not holds_prose(tag, attrs, page_chars):
                tag.decompose()
            continue
        if not attrs or name in {"article", "main"}:
            continue
        if is_chrome_attrs(attrs):
            if name in {"p", "li", "h2", "h3"} and not FURNITURE_P_RE.search(attrs):
                continue
            if holds_prose(tag, attrs, page_chars):
                continue
            tag.decompose()
            continue
        if name == "header" and not (
            is_content_attrs(attrs) or holds_prose(tag, attrs, page_chars)
            or is_section_header(tag)
        ):
            tag.decompose()
    place_streamed_segments(segments, slots)


def place_streamed_segments(segments: list[Tag], slots: dict[str, Tag]) -> None:
    """Put each streamed segment where its script would: into the placeholder ("P:n") or the
    boundary ("B:n") of the same number, so the article is read whole and in order."""
    for segment in segments:
        number = attr_value(segment, "id")[2:]
        slot = slots.pop("P:" + number, None)
        if slot is None:
            slot = slots.pop("B:" + number, None)
            if slot is not None:
                drop_boundary_fallback(slot)
        # (a fallback dropped above may have held the slot)
        if slot is not None and slot.parent is not None and not is_inside(slot, segment):
            slot.replace_with(segment)
    for slot in slots.values():
        slot.decompose()


def drop_boundary_fallback(slot: Tag) -> None:
    """Remove what a boundary shows until its content streams in (a loading skeleton): the
    nodes after its template up to the boundary's closing comment."""
    fallback = []
    for node in slot.next_siblings:
        if isinstance(node, Comment) and node.strip() == "/$":
            break
        fallback.append(node)
    else:
        # Without the closing mark only a loading label right after the template is known to
        # be the fallback: anything else after it is the page's own.
        label = slot.find_next_sibling()
        if label is not None and not has_block_child(label) \
                and LOADING_LABEL_RE.search(label.get_text()):
            label.decompose()
        return
    for node in fallback:
        node.extract()


SECTION_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
MAX_SECTION_HEADER_CHARS = 300


def is_section_header(header: Tag) -> bool:
    """A <header> around a section's own heading inside the text (a card, an accordion), not
    the page's or the article's head, which holds the h1 with its byline and date, nor a
    widget's title bar, which holds its buttons (a video player, a carousel)."""
    return (first_named(header, ("h1", "button")) is None
            and first_named(header, SECTION_HEADING_TAGS) is not None
            and short_text(header, MAX_SECTION_HEADER_CHARS) is not None)


# React numbers its streamed segments and their slots in hexadecimal ("S:a", "P:1f").
STREAMED_SEGMENT_RE = re.compile(r"S:[0-9a-f]+$")
STREAM_SLOT_RE = re.compile(r"[PB]:[0-9a-f]+$")
# A boundary's fallback label ("Loading...") while its content streams in.
LOADING_LABEL_RE = re.compile(r"^\s*\w+(?: \w+)?\s*(?:\.\.\.|…)\s*$")
# Marks a paragraph as a picture's caption or credit line or a headline's deck, never prose.
FURNITURE_P_RE = re.compile(r"caption|credit|\bdek\b|\bdeck\b|video-?desc")
WRAPPER_JUNK_TAGS = frozenset({"nav", "aside", "footer", "button", "label", "form", "dialog",
                               "menu", "select", "figure"})
CONTENT_TOKENS = frozenset({"article", "content", "post", "entry", "story", "main", "body",
                            "article-body", "post-content", "entry-content"})
ALWAYS_DROP_RE = re.compile(
    r"comment(?!ary)|disqus|cookie|consent|gdpr|dsgvo|related|recommend|feedback"
    # the next story of an endless page, below the article
    r"|under-?article|up-?next|next-?(?:article|story|post)"
    # the writer's bio, the legal small print, the site's footer and fact boxes beside the text
    # are prose, but never the article
    r"|disclaimer|legal-?info|footer|factbox|" + AUTHOR_BOX_PATTERN)


def drop_alt_caption(img: Tag) -> None:
    """Remove the caption next to an image when it repeats the image's description: an
    unmarked caption (a bare <div> or <p> after the picture) is recognised by that alone."""
    keys = {word_key(attr_value(img, "alt")), word_key(attr_value(img, "title"))}
    keys = {key for key in keys if len(key) >= MIN_KEY_CHARS}
    if not keys:
        return
    node: Tag | None = img
    for _ in range(3):
        if node is None:
            return
        seen = 0
        for sibling in node.next_siblings:
            if not isinstance(sibling, Tag):
                continue
            text = short_text(sibling, 2 * MAX_SKIP_CHARS)
            if text is not None and word_key(text) in keys:
                sibling.decompose()
                return
            seen += 1
            if seen >= 2:
                break
        node = node.parent


def short_text(tag: Tag, limit: int) -> str | None:
    """The element's text, or None as soon as it exceeds limit characters (no full walk of a
    large box)."""
    parts: list[str] = []
    size = 0
    for node in tag.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, SKIP_STRINGS):
            parts.append(node)
            size += len(node)
            if size > limit:
                return None
    return "".join(parts)


def holds_prose(tag: Tag, attrs: str, page_chars: int) -> bool:
    """A box whose class merely mentions a chrome word but which carries the article text."""
    # One walk gives the box's text size and its paragraphs (this runs for every chrome box).
    total = 0
    paragraphs: list[Tag] = []
    for node in tag.descendants:
        kind = type(node)
        if kind is NavigableString or kind is CData:
            total += len(node)  # type: ignore[arg-type]
        elif isinstance(node, Tag) and node.name == "p" and len(paragraphs) < 60:
            paragraphs.append(node)
    if ALWAYS_DROP_RE.search(attrs) and not CONTENT_TOKENS & set(attrs.split()):
        # A box holding most of the page is a wrapper, unless it is a long comment thread
        # under a short post: its items are marked as comments too.
        return total > 2000 and total > 0.6 * page_chars and not is_comment_thread(tag, attrs)
    long_paragraphs = 0
    prose_chars = 0
    for paragraph in paragraphs:
        length = len(paragraph.get_text())
        # Articles link names and sources inline, so a few links do not make a teaser.
        if length >= 80 and (first_named(paragraph, ("a",)) is None
                             or link_chars(paragraph) < 0.3 * length):
            long_paragraphs += 1
            prose_chars += length
            if long_paragraphs >= 4 or prose_chars >= 500:
                return True
    if total > 2500 and link_chars(tag) / total < 0.2:
        return True
    # A box holding most of the page is a wrapper (often an unclosed tag), not chrome.
    return total > 2000 and total > 0.5 * page_chars


COMMENT_RE = re.compile(r"comment(?!ary)")
MIN_THREAD_ITEMS = 3


def is_comment_thread(tag: Tag, attrs: str) -> bool:
    """A comment box whose descendants are marked as comments again (the thread's items)."""
    if not COMMENT_RE.search(attrs):
        return False
    items = 0
    for node in iter_tags(tag):
        if node.attrs and COMMENT_RE.search(attr_string(node)):
            items += 1
            if items >= MIN_THREAD_ITEMS:
                return True
    return False


# A pull quote is a sentence; shorter blockquotes in figures are labels of embeds.
MIN_QUOTE_CHARS = 40


def keeps_text(figure: Tag) -> bool:
    """A <figure> used as a wrapper for prose or a data table (some CMSs) rather than for a
    picture, or for a pull quote (the speaker's portrait beside it is dropped on its own)."""
    if first_named(figure, ("img",)) is None:
        return first_named(figure, ("p", "table")) is not None
    quote = first_named(figure, ("blockquote",))
    if quote is None:
        return False
    # a social embed's blockquote is a link around a placeholder picture
    text = quote.get_text().strip()
    return len(text) >= MIN_QUOTE_CHARS and link_chars(quote) < 0.5 * len(text)


def find_article_bodies(raw: str) -> list[str]:
    from pipeline.parse.metadata import load_jsonld

    bodies = []
    for node in load_jsonld(raw):
        value = node.get("articleBody") or node.get("text")
        if isinstance(value, str) and value.strip():
            bodies.append(value)
    return bodies


# --- scoring ----------------------------------------------------------------------------


# Class strings repeat within and across pages (one CMS, one grid), and the patterns are long
# alternations: each distinct string is matched once per process.
@lru_cache(maxsize=8192)
def is_content_attrs(attrs: str) -> bool:
    return CONTENT_CLASS_RE.search(attrs) is not None


@lru_cache(maxsize=8192)
def is_chrome_attrs(attrs: str) -> bool:
    return STRONG_NEGATIVE_RE.search(attrs) is not None and not is_content_attrs(attrs)


@lru_cache(maxsize=8192)
def attrs_weight(attrs: str) -> float:
    weight = 0.0
    if is_content_attrs(attrs):
        weight += 25
    elif POSITIVE_RE.search(attrs):
        weight += 10
    if STRONG_NEGATIVE_RE.search(attrs):
        weight -= 25
    return weight


def tag_weight(tag: Tag) -> float:
    attrs = attr_string(tag)
    weight = 0.0
    if attrs:
        weight += attrs_weight(attrs)
    name = tag.name
    if name in {"article", "main"}:
        weight += 10
    elif name in {"div", "section"}:
        weight += 5
    elif name in {"td", "blockquote", "pre"}:
        weight += 3
    elif name in {"ol", "ul", "li", "dl", "dd", "dt", "form", "address"}:
        weight -= 3
    return weight


def link_chars(tag: Tag) -> int:
    return sum(len(a.get_text()) for a in find_named(tag, ("a",)))


def direct_text(tag: Tag) -> str:
    """Text of a container's own strings and inline children (not its block children)."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, SKIP_STRINGS):
                parts.append(str(child))
        elif isinstance(child, Tag) and child.name not in BLOCK_TAGS and child.name != "br":
            parts.append(child.get_text())
        else:
            parts.append(" ")
    return clean_space("".join(parts))


SCORED_TAGS = frozenset({"p", "pre", "td", "div", "section", "blockquote", "dd", "span", "li",
                         "article", "main"})
# Containers whose own strings are scored (text split by <br> rather than <p>).
DIRECT_TEXT_TAGS = frozenset({"div", "section", "td", "dd", "span", "li", "article", "main"})


def pick_containers(soup: BeautifulSoup) -> list[Tag]:
    """The best-scoring container plus siblings that carry the same article."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    prose: dict[int, int] = {}  # characters of prose paragraphs anywhere below each node
    for tag in find_named(soup, SCORED_TAGS):
        name = tag.name
        if name in DIRECT_TEXT_TAGS:
            text = direct_text(tag)
            if name == "span" and len(text) < 150:
                continue
        else:
            text = clean_space(tag.get_text())
        length = len(text)
        if length < MIN_PARAGRAPH_CHARS:
            continue
        score = 1.0 + text.count(",") + text.count("،") + min(length / 100.0, 3.0)
        if name == "li":
            if length < 60 or first_named(tag, ("a",)) is not None:
                continue
            score /= 2
        add_prose(tag, length, prose)
        # A text-bearing div is a paragraph: its parent is the container being scored.
        ancestor: Tag | None = tag.parent if name != "td" else tag
        level = 0
        while isinstance(ancestor, Tag) and level < 5:
            if ancestor.name in {"[document]", "html"}:
                break
            key = id(ancestor)
            if key not in scores:
                nodes[key] = ancestor
                scores[key] = tag_weight(ancestor)
            divider = 1 if level == 0 else 2 if level == 1 else level * 3
            scores[key] += score / divider
            ancestor = ancestor.parent
            level += 1
    if not scores:
        return []
    final: dict[int, float] = {}
    for key, score in sorted(scores.items(), key=lambda item: item[1], reverse=True)[:8]:
        tag = nodes[key]
        total = len(tag.get_text())
        density = link_chars(tag) / total if total else 1.0
        final[key] = score * (1.0 - density)
    best_key = max(final, key=lambda k: final[k])
    best = nodes[best_key]
    best_score = final[best_key]
    best = climb_single_parent(best)
    best = climb_to_prose(best, prose)
    merged = merge_siblings(best, best_score, scores, prose)
    roots = add_split_parts(soup, merged, prose, best)
    lead = find_lead_box(roots[0])
    return [lead, *roots] if lead is not None else roots


# The standfirst (lead, intro, "chapo", "Vorspann") in a box of its own right before the text.
LEAD_CLASS_RE = re.compile(
    # "leading-*" is a typesetting class (line height), not a lead
    r"lead(?!ing)|intro|chapo|excerpt|preface|vorspann|standfirst|summary|abstract|description"
    r"|teaser")
# A heading-tagged summary is a deck under the headline, which the text does not repeat.
LEAD_TAGS = frozenset({"div", "section", "p", "span"})
MAX_LEAD_CHARS = 1000
MIN_LEAD_CHARS = 40
LEAD_SEARCH_LEVELS = 3
LEAD_SEARCH_SIBLINGS = 3


def find_lead_box(first: Tag) -> Tag | None:
    """A short prose box marked as the lead, just before the winner or one of its nearest
    ancestors: sites put the standfirst beside the text box, where the scores miss it."""
    node: Tag | None = first
    for _ in range(LEAD_SEARCH_LEVELS):
        if node is None or node.name in {"article", "main", "body", "html", "[document]"}:
            return None
        seen = 0
        between: Tag | None = None
        for sibling in node.previous_siblings:
            if not isinstance(sibling, Tag):
                continue
            seen += 1
            if seen > LEAD_SEARCH_SIBLINGS:
                break
            if is_lead_box(sibling):
                return sibling
            # A prose box between the headline and the text is the standfirst, whatever its
            # class: the headline above it says that the page's top is reached.
            if between is not None and is_headline_sibling(sibling):
                return between
            if between is None:
                between = find_between_lead(sibling)
            # The standfirst inside a small wrapper box beside the text (an intro or header box)
            if short_text(sibling, MAX_LEAD_WRAPPER_CHARS) is not None:
                for inner in find_named(sibling, LEAD_TAGS, limit=MAX_LEAD_WRAPPER_TAGS):
                    if NESTED_LEAD_CLASS_RE.search(attr_string(inner)) and is_lead_box(inner):
                        return inner
                headline_lead = find_headline_lead(sibling)
                if headline_lead is not None:
                    return headline_lead
        node = node.parent
    return None


def is_headline_sibling(box: Tag) -> bool:
    """The headline, or a small box holding it."""
    if box.name == "h1":
        return True
    return short_text(box, MAX_LEAD_WRAPPER_CHARS) is not None and \
        first_named(box, ("h1",)) is not None


MEDIA_TAGS = frozenset({"img", "picture", "figure", "video", "iframe", "svg"})
# Cleaning drops the picture itself, its box's class still names it; a pull quote there is
# the speaker's words, not the standfirst.
MEDIA_BOX_RE = re.compile(r"image|img|photo|picture|caption|figure|media|credit|gallery|quote")


def find_between_lead(box: Tag) -> Tag | None:
    """The box's standfirst paragraph: the box itself, or its first paragraph when the box
    also holds the date and byline."""
    # a box holding a picture holds its caption
    if box.name in HEADING_TAGS or short_text(box, MAX_LEAD_WRAPPER_CHARS) is None \
            or first_named(box, MEDIA_TAGS) is not None or MEDIA_BOX_RE.search(attr_string(box)):
        return None
    paragraph = box if box.name == "p" else first_named(box, ("p",))
    if paragraph is None:
        if has_block_child(box):
            return None
        paragraph = box
    if is_chrome_attrs(attr_string(paragraph)) or first_named(paragraph, HEADING_TAGS):
        return None
    text = lead_text(paragraph, MIN_HEADLINE_LEAD_CHARS)
    if text is None or CHROME_TEXT_RE.match(text) or not SENTENCE_END_RE.search(text):
        return None
    return paragraph


# A wrapper box searched for a nested lead is small: the lead, a kicker, a picture's credit.
MAX_LEAD_WRAPPER_CHARS = 1500
MAX_LEAD_WRAPPER_TAGS = 12
# Deeper inside a wrapper, "description" and "summary" name author and widget boxes too, and a
# "with-"/"has-" class says that a box holds a lead somewhere, not that it is one.
NESTED_LEAD_CLASS_RE = re.compile(
    r"(?<![\w-])(?!with-|has-)[\w-]*(?:lead(?!ing)|intro|chapo|excerpt|standfirst|vorspann)")


def is_lead_box(box: Tag) -> bool:
    """A short prose box whose class marks it as the standfirst (not a credit, date or menu)."""
    attrs = attr_string(box)
    if box.name not in LEAD_TAGS or not attrs or not LEAD_CLASS_RE.search(attrs) \
            or is_chrome_attrs(attrs):
        return False
    text = lead_text(box, MIN_LEAD_CHARS)
    # a picture credit or a date in an intro box is furniture, not a standfirst
    return text is not None and not CHROME_TEXT_RE.match(text) \
        and first_named(box, HEADING_TAGS) is None


def lead_text(box: Tag, least: int) -> str | None:
    """The box's text if it reads as a standfirst: short, at least `least` characters, few
    links."""
    text = short_text(box, MAX_LEAD_CHARS)
    if text is None:
        return None
    text = clean_space(text)
    return text if len(text) >= least and link_chars(box) <= 0.3 * len(text) else None


# A standfirst is a paragraph of a sentence or two; a shorter line under the headline is a
# tagline.
MIN_HEADLINE_LEAD_CHARS = 100


def find_headline_lead(box: Tag) -> Tag | None:
    """The paragraph right after the headline in a headline box beside the text is the
    standfirst, whatever its class; a one-line tagline there is not."""
    h1 = first_named(box, ("h1",))
    if h1 is None:
        return None
    deck = h1.find_next_sibling()
    if not isinstance(deck, Tag) or deck.name != "p" or is_chrome_attrs(attr_string(deck)):
        return None
    text = lead_text(deck, MIN_HEADLINE_LEAD_CHARS)
    return deck if text is not None and SENTENCE_END_RE.search(text) else None


# Prose a same-class box needs to count as another part of a split article.
MIN_PART_PROSE = 150
PART_PROSE_SHARE = 0.8
MAX_PART_HEIGHT = 3
# The article's opening box sits higher up than its other parts: in a hero or intro row above
# the grid that holds the text.
MAX_LEADING_PART_HEIGHT = 5


def add_split_parts(soup: BeautifulSoup, roots: list[Tag], prose: dict[int, int],
                    winner: Tag | None = None) -> list[Tag]:
    """Sites cut long articles into several boxes of one class between ads and promos, which
    sit at different depths; the boxes sharing the winner's tag and class that hold prose are
    parts of the same article (never across <article>s: a listing repeats classes too)."""
    best = roots[0] if len(roots) == 1 else winner
    # Beside text already merged from several boxes, only an opening box above it is a part:
    # boxes of the same widget below it are the page's FAQ, teasers and author notes.
    leading_only = len(roots) > 1
    # A winning list (a buyer's guide's products) stands for the layout box around it, whose
    # class the guide's intro and closing boxes share.
    if best is not None and best.name in {"ul", "ol"}:
        best = find_own_box(best)
    if best is None or best.name not in {"div", "section"}:
        return roots
    classes = attr_value(best, "class").split()
    # Layout classes (grid cells, page-builder widgets) repeat over the whole page; only a
    # class that names content marks the article's own boxes.
    if not classes:
        return roots
    home = nearest_article(best)
    parts: list[Tag] = []
    kept = {id(root) for root in roots}
    reached = False
    for node in iter_tags(soup):
        if id(node) in kept:
            parts.append(node)
            reached = True
        elif leading_only and reached:
            continue
        elif (node.name == best.name and first_class(node) == classes[0]
              and prose.get(id(node), 0) >= MIN_PART_PROSE and nearest_article(node) is home
              and not any(is_inside(node, root) or is_inside(root, node) for root in roots)):
            total = len(node.get_text())
            # A part is prose through and through (testimonials and menus carry other text),
            # and sits near the winner in the same layout block, not elsewhere on the page.
            share = prose.get(id(node), 0) / max(total, 1)
            if (link_chars(node) < 0.3 * total and share >= PART_PROSE_SHARE
                    and common_ancestor_height(best, node) <= (
                        MAX_PART_HEIGHT if reached else MAX_LEADING_PART_HEIGHT)):
                parts.append(node)
    # Parts nested in one another would be collected twice.
    return [part for part in parts if not any(
        other is not part and is_inside(part, other) for other in parts)]


# The share of a box's text a wrapped element holds to stand for the box (titles aside).
OWN_BOX_SHARE = 0.95


def find_own_box(tag: Tag) -> Tag:
    """The highest ancestor holding hardly more text than the tag: the layout box it sits in."""
    own = len(tag.get_text())
    box = tag
    for ancestor in tag.parents:
        if ancestor.name in {"article", "main", "body", "html", "[document]"} \
                or own < OWN_BOX_SHARE * len(ancestor.get_text()):
            break
        box = ancestor
    return box


def common_ancestor_height(tag: Tag, other: Tag) -> int:
    """How many levels above tag's parent the nearest ancestor shared with other sits."""
    heights = {id(ancestor): height for height, ancestor in enumerate(tag.parents)}
    for ancestor in other.parents:
        if id(ancestor) in heights:
            return heights[id(ancestor)]
    return len(heights)


def first_class(tag: Tag) -> str:
    """The block's base class: modifier classes after it vary between parts of one article."""
    classes = attr_value(tag, "class").split(maxsplit=1)
    return classes[0] if classes else ""


def nearest_article(tag: Tag) -> Tag | None:
    for ancestor in tag.parents:
        if ancestor.name == "article":
            return ancestor
    return None


def is_inside(tag: Tag, container: Tag) -> bool:
    return any(ancestor is container for ancestor in tag.parents)


def add_prose(tag: Tag, length: int, prose: dict[int, int]) -> None:
    if tag.name == "p" and first_named(tag, ("a",)) is not None and link_chars(tag) > length * 0.3:
        return
    for ancestor in tag.parents:
        key = id(ancestor)
        prose[key] = prose.get(key, 0) + length


def climb_to_prose(best: Tag, prose: dict[int, int]) -> Tag:
    """Page builders scatter one article over many small boxes, so a dense side box can win
    the local score; when an ancestor holds several times more prose, the article is there."""
    own = prose.get(id(best), 0)
    if own <= 0:
        return best
    for ancestor in best.parents:
        if ancestor.name in {"body", "html", "[document]"}:
            break
        total = prose.get(id(ancestor), 0)
        if total >= CLIMB_RATIO * own and total - own >= 1500:
            # Several <article>s below it: a listing page, not one article.
            if len(find_named(ancestor, ("article",), limit=2)) >= 2:
                return best
            return climb_further(ancestor, prose)
    return best


def climb_further(chosen: Tag, prose: dict[int, int]) -> Tag:
    """Once the winner proved to be a fragment, keep climbing while prose still grows a lot."""
    current = prose.get(id(chosen), 0)
    for ancestor in chosen.parents:
        if ancestor.name in {"body", "html", "[document]"}:
            break
        total = prose.get(id(ancestor), 0)
        if total >= 1.5 * current and len(find_named(ancestor, ("article",), limit=2)) < 2:
            chosen, current = ancestor, total
    return chosen


def climb_single_parent(tag: Tag) -> Tag:
    """Use the parent when the winner is its only substantial child (wrapper divs)."""
    parent = tag.parent
    while isinstance(parent, Tag) and parent.name not in {"body", "html", "[document]"}:
        others = [c for c in parent.children if c is not tag and (
            (isinstance(c, Tag) and len(c.get_text(strip=True)) > 30)
            or (isinstance(c, NavigableString) and not isinstance(c, SKIP_STRINGS)
                and len(c.strip()) > 30))]
        if others:
            break
        tag = parent
        parent = tag.parent
    return tag


def merge_siblings(
    best: Tag, best_score: float, scores: dict[int, float], prose: dict[int, int]
) -> list[Tag]:
    parent = best.parent
    if not isinstance(parent, Tag):
        return [best]
    threshold = max(10.0, best_score * 0.2)
    best_class = attr_value(best, "class")
    merged: list[Tag] = []
    for sibling in parent.children:
        if not isinstance(sibling, Tag):
            continue
        if sibling is best:
            merged.append(sibling)
            continue
        same = bool(best_class) and attr_value(sibling, "class") == best_class
        bonus = best_score * 0.2 if same else 0
        score = scores.get(id(sibling), 0.0)
        # A box of the winner's class scoring under the floor still holds the article when a
        # line of it is sentence-long: its text sits in a heading or an embed's caption.
        if score + bonus >= threshold or (same and holds_long_line(sibling)):
            total = len(sibling.get_text())
            density = link_chars(sibling) / total if total else 1.0
            if density < 0.3:
                merged.append(sibling)
                continue
        if is_twin_part(best, sibling, prose) or is_abstract_box(sibling, prose):
            merged.append(sibling)
            continue
        if sibling.name == "p":
            text = clean_space(sibling.get_text())
            links = link_chars(sibling)
            long_prose = len(text) > 80 and links / max(len(text), 1) < 0.25
            short_sentence = bool(text) and links == 0 and text[-1:] in ".!?\"”"
            if long_prose or short_sentence:
                merged.append(sibling)
    return add_part_headings(merged)


# A widget's labels and a date line are shorter than a sentence of the text.
MIN_PART_LINE_CHARS = 100


def holds_long_line(box: Tag) -> bool:
    """Whether a line of the box is sentence-long: a part of the text, not a widget's labels."""
    return any(len(clean_space(text)) >= MIN_PART_LINE_CHARS for text in box.stripped_strings)


def add_part_headings(merged: list[Tag]) -> list[Tag]:
    """Headings between the merged parts of an article head the next part, but score nothing
    themselves (page builders put each heading in a module of its own)."""
    if len(merged) < 2:
        return merged
    kept = {id(part) for part in merged}
    out = [merged[0]]
    headings: list[Tag] = []
    node = merged[0].next_sibling
    while node is not None:
        if isinstance(node, Tag):
            if id(node) in kept:
                out.extend(headings)
                headings = []
                out.append(node)
                if node is merged[-1]:
                    break
            elif is_heading_box(node):
                headings.append(node)
        node = node.next_sibling
    return out


MAX_HEADING_BOX_CHARS = 200


def is_heading_box(box: Tag) -> bool:
    """A heading, or a small box holding one (page builders wrap each heading in a module)."""
    if box.name in HEADING_TAGS:
        return True
    text = (short_text(box, MAX_HEADING_BOX_CHARS) or "").strip()
    if not text:
        return False
    heading = first_named(box, HEADING_TAGS)
    return heading is not None and len(heading.get_text().strip()) >= 0.8 * len(text)


# A scholarly article's abstract sits in a box of its own beside the text box.
ABSTRACT_CLASS_RE = re.compile(r"(?<![\w-])abstract(?![\w-])")


def is_abstract_box(box: Tag, prose: dict[int, int]) -> bool:
    """A sibling box marked as the abstract and holding prose through and through: part of
    the article, though the text box outscores it."""
    own = prose.get(id(box), 0)
    if own < MIN_PART_PROSE or not ABSTRACT_CLASS_RE.search(attr_value(box, "class").lower()):
        return False
    total = len(box.get_text())
    return own >= PART_PROSE_SHARE * total and link_chars(box) < 0.3 * total


def first_child_signature(box: Tag) -> str:
    """Tag and class of the box's first element child: the parts of one article come from one
    template, a contact or form box beside them from another."""
    child = next((c for c in box.children if isinstance(c, Tag)), None)
    return f"{child.name}.{attr_value(child, 'class')}" if child is not None else ""


def is_twin_part(best: Tag, sibling: Tag, prose: dict[int, int]) -> bool:
    """A sibling box of the winner's tag and class (none is a class too) holding prose through
    and through: the article cut into consecutive boxes between ads, nested too deep for the
    paragraph scores to reach the boxes themselves."""
    if sibling.name != best.name or sibling.name not in {"div", "section"}:
        return False
    if attr_value(sibling, "class") != attr_value(best, "class"):
        return False
    own = prose.get(id(sibling), 0)
    if own < MIN_PART_PROSE or first_child_signature(sibling) != first_child_signature(best):
        return False
    total = len(sibling.get_text())
    return own >= PART_PROSE_SHARE * total and link_chars(sibling) < 0.3 * total


# --- block collection -------------------------------------------------------------------


# A list item is dropped as a link only when little of its text is outside the links: a
# list of recommendations in the text ("I use this soap and this brush") links most words.
LIST_ITEM_LINK_SHARE = 0.7
# Share and follow buttons link off the site too, with a word or two.
MIN_OUTBOUND_ITEM_CHARS = 30


# A sentence of this many words, ended by a full stop or a question mark, is prose however much
# of it is linked (an exclamation is more often a call to action).
MIN_SENTENCE_WORDS = 10
SENTENCE_STOP_RE = re.compile(r"[.?]\s*$")
TEASER_LINK_SHARE = 0.95


def is_full_sentence(text: str) -> bool:
    return SENTENCE_STOP_RE.search(text) is not None and len(text.split()) >= MIN_SENTENCE_WORDS


# A box repeated word for word right after itself is a copy for another screen size; a short
# one (a refrain, a label) may be the writer's own repetition.
MIN_TWIN_CHARS = 200
# A box holding a heading that links to another page of the site and a short blurb is a
# teaser card of that page (unmarked cards are common in and below the text).
MAX_CARD_BLURB_CHARS = 300
MAX_CARD_BLURBS = 2
MAX_CARD_SHARE = 0.2
MIN_TEXT_BOX_CHARS = 1500
MIN_LINKED_PARTS = 2


class BlockCollector:
    """Walks containers in document order and emits blocks of text."""

    def __init__(self, skip_keys: frozenset[str], host: str = "") -> None:
        self.blocks: list[Block] = []
        self.skip_keys = skip_keys
        self.host = host
        self.buffer: list[str] = []
        self.buffer_links = 0
        self.buffer_site_links = 0
        # depth of links that wrap whole blocks (a teaser card linking another page)
        self.card_links = 0
        # headings dropped for linking within the site: each heads a teaser card
        self.linked_headings = 0
        self.card_blurbs: dict[int, Block] = {}
        # linked headings kept for now: those heading a section of text stay (a listicle's items,
        # a guide's chapters), the rest headed teaser cards
        self.linked_blocks: set[int] = set()
        self.box_chars: dict[int, int] = {}

    def flush(self, kind: str = "paragraph") -> None:
        if self.buffer:
            raw = "".join(self.buffer)
            # A list item that links elsewhere names a resource the text recommends; the site's
            # own links in a list are a menu or teasers, and short ones are share buttons.
            links = self.buffer_links
            if kind == "list_item" and len(raw.strip()) >= MIN_OUTBOUND_ITEM_CHARS:
                links = self.buffer_site_links
            elif kind == "paragraph" and is_full_sentence(raw):
                # The writer's sentence links its sources; one wholly linking another page of
                # the site is a teaser.
                site_links = self.buffer_site_links
                links = site_links if site_links >= TEASER_LINK_SHARE * len(raw.strip()) else 0
            self.emit(raw, kind, links)
        self.buffer = []
        self.buffer_links = 0
        self.buffer_site_links = 0

    def emit(self, raw: str, kind: str, links: int, box: Tag | None = None) -> None:
        text = clean_space(raw)
        if not text:
            return
        length = len(text)
        if self.card_links:  # all of it is the text of one link
            links = length
        if kind != "preformatted" and length < 200 and links / length > (
                LIST_ITEM_LINK_SHARE if kind == "list_item" else 0.5):
            self.linked_headings += kind == "heading"
            if box is not None and not self.card_links and self.is_text_box(box):
                block = Block(text=text, kind=kind)
                self.linked_blocks.add(id(block))
                self.blocks.append(block)
            return
        if is_furniture(text):
            return
        if length < MAX_SKIP_CHARS and word_key(text) in self.skip_keys:
            return
        self.blocks.append(Block(text=text, kind=kind))

    def is_text_box(self, box: Tag) -> bool:
        """Whether a box is long enough to be the article's text rather than a card (measured
        once per box: only linked headings ask)."""
        key = id(box)
        if key not in self.box_chars:
            self.box_chars[key] = len(box.get_text())
        return self.box_chars[key] > MIN_TEXT_BOX_CHARS

    def walk(self, node: Tag, kind: str = "paragraph") -> None:
        # blocks of the last box walked among node's children: a responsive page repeats a box
        # for each screen size and hides all but one with its stylesheet
        twin: list[Block] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, SKIP_STRINGS):
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.buffer.append("\n")
                if self.buffer and len(self.buffer) > 1 and self.buffer[-2] == "\n":
                    self.flush(kind)
                continue
            if name not in BLOCK_TAGS:
                if has_block_child(child):
                    self.flush(kind)
                    # A link around whole blocks is a teaser card of another page on the
                    # site (an outbound one names a product or place the text recommends).
                    card = name == "a" and is_site_link(child, self.host)
                    self.card_links += card
                    self.walk(child, kind)
                    self.flush(kind)
                    self.card_links -= card
                else:
                    self.buffer.append(inline_text(child))
                    links, site_links = count_link_chars(child, self.host)
                    self.buffer_links += links
                    self.buffer_site_links += site_links
                continue
            self.flush(kind)
            # The headline comes before the text; an h1 after a paragraph is a section heading
            # of a page that marks up all its headings alike.
            if name == "h1" and not any(block.kind == "paragraph" for block in self.blocks):
                continue
            if name in HEADING_TAGS:
                # a heading among the paragraphs of a long text box heads a part of it; one in a
                # small box heads a teaser card
                self.emit(child.get_text(" "), "heading", count_link_chars(child, self.host)[1],
                          box=node)
            elif name == "pre":
                text = child.get_text()
                if text.strip():
                    self.blocks.append(Block(text=text.strip("\n"), kind="preformatted"))
            elif name == "li":
                self.walk(child, "list_item")
                self.flush("list_item")
            elif name == "blockquote":
                self.walk(child, "blockquote")
                self.flush("blockquote")
            elif name in {"p", "dd", "dt", "summary"}:
                self.walk(child, kind if kind != "paragraph" else "paragraph")
                self.flush(kind)
            elif name == "tr":
                self.walk_row(child)
            elif name == "hr":
                continue
            else:
                before = len(self.blocks)
                headings = self.linked_headings
                self.walk(child, kind)
                self.flush(kind)
                if len(self.blocks) == before + 1 and self.blocks[-1].kind == "heading" \
                        and has_silent_content(child, self.blocks[-1].text):
                    del self.blocks[-1]
                added = [block for block in self.blocks[before:]
                         if id(block) not in self.linked_blocks]
                if self.linked_headings > headings and is_card_blurb(added):
                    self.card_blurbs.update((id(block), block) for block in added)
                twin = self.drop_twin(before, twin)

    def drop_twin(self, before: int, twin: list[Block]) -> list[Block]:
        """Drop the blocks added since before when they repeat the last box's (twin) word for
        word; returns the blocks the next box is compared with."""
        added = self.blocks[before:]
        if not added:
            return twin
        if added == twin and text_length(added) >= MIN_TWIN_CHARS:
            del self.blocks[before:]
        return added

    def walk_row(self, row: Tag) -> None:
        cells = [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]
        if any(has_block_child(cell) for cell in cells):
            for cell in cells:
                self.walk(cell)
                self.flush()
            return
        text = " ".join(cell.get_text(" ") for cell in cells)
        self.emit(text, "paragraph", link_chars(row))


def is_card_blurb(blocks: list[Block]) -> bool:
    """Whether the blocks left of a box whose heading linked to another page are a teaser's
    blurb: a line or two of plain text."""
    return (0 < len(blocks) <= MAX_CARD_BLURBS
            and all(block.kind == "paragraph" for block in blocks)
            and text_length(blocks) <= MAX_CARD_BLURB_CHARS)


def count_link_chars(tag: Tag, host: str) -> tuple[int, int]:
    """Characters inside links, and inside links to the page's own site: a heading or list item
    that links elsewhere names a place, product or resource the text is about (a listicle),
    while one linking within the site is a teaser of another page."""
    anchors = [tag] if tag.name == "a" else find_named(tag, ("a",))
    total = own = 0
    for anchor in anchors:
        length = len(anchor.get_text())
        total += length
        if is_site_link(anchor, host):
            own += length
    return total, own


def is_site_link(anchor: Tag, host: str) -> bool:
    """Whether a link stays on the page's site (relative, same host or a subdomain of it)."""
    href = attr_value(anchor, "href")
    # an affiliate link names a product the text recommends, even through the site's redirect
    if "sponsored" in attr_value(anchor, "rel"):
        return False
    if not host or "//" not in href:
        return True
    target = site_host(href)
    return target == host or target.endswith("." + host) or host.endswith("." + target)


def has_silent_content(box: Tag, heading: str) -> bool:
    """Whether a box holds text besides its heading: when that text was all dropped (link
    lists, share buttons), the heading only labelled that chrome."""
    return len(word_key(box.get_text())) > len(word_key(heading))


def inline_text(tag: Tag) -> str:
    """An inline element's text, with its line breaks: a <br> at the end of a bold label
    separates it from the next sentence."""
    # the strings get_text() takes (not comments, scripts or ruby annotations), in one walk
    parts: list[str] = []
    for node in tag.descendants:
        kind = type(node)
        if kind is NavigableString or kind is CData:
            parts.append(node)  # type: ignore[arg-type]
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts)


def has_block_child(tag: Tag) -> bool:
    return first_named(tag, BLOCK_TAGS) is not None


def collect_blocks(
    roots: Iterable[Tag], skip_keys: frozenset[str], host: str = ""
) -> list[Block]:
    collector = BlockCollector(skip_keys, host)
    twin: list[Block] = []
    for root in roots:
        before = len(collector.blocks)
        if root.name in HEADING_TAGS or root.name in {"p", "li", "blockquote", "pre"}:
            wrapper = [root]
            for tag in wrapper:
                collector.flush()
                fake_parent_walk(collector, tag)
        else:
            collector.walk(root)
        collector.flush()
        twin = collector.drop_twin(before, twin)
    blocks = drop_teaser_headings(collector.blocks, collector.linked_blocks)
    # A page that is mostly cards is a listing whose cards are its content.
    blurbs = collector.card_blurbs
    if blurbs and text_length(blurbs.values()) < MAX_CARD_SHARE * text_length(blocks):
        blocks = [block for block in blocks if id(block) not in blurbs]
    return trim_tail(trim_leading_chrome(dedupe_blocks(blocks)))


def drop_teaser_headings(blocks: list[Block], linked: set[int]) -> list[Block]:
    """Drop the headings that link another page of the site, unless several of them each head
    more text than a teaser's blurb (up to the next heading)."""
    if not linked:
        return blocks
    heads: set[int] = set()
    section = 0  # text between the block and the next heading, read from the end
    for block in reversed(blocks):
        if block.kind != "heading":
            section += len(block.text)
            continue
        if id(block) in linked and section > MAX_CARD_BLURB_CHARS:
            heads.add(id(block))
        section = 0
    # a guide links all its part headings; a single one is a teaser placed in the text
    if len(heads) < MIN_LINKED_PARTS:
        heads = set()
    return [block for block in blocks if id(block) not in linked or id(block) in heads]


def fake_parent_walk(collector: BlockCollector, tag: Tag) -> None:
    """Emit one block-level element as if it were the child of a container."""
    name = tag.name
    if name in HEADING_TAGS:
        if name != "h1":
            collector.emit(tag.get_text(" "), "heading", link_chars(tag))
        return
    kind = {"li": "list_item", "blockquote": "blockquote", "pre": "preformatted"}.get(
        name or "", "paragraph")
    collector.walk(tag, kind)
    collector.flush(kind)


SENTENCE_END_RE = re.compile(r"[.!?…:;\"”»)。！？]$")
# A letter's salutation ("Dear readers,") opens the text like a sentence does.
SALUTATION_END_RE = re.compile(r"\w,$")
DATELINE_MAX_WORDS = 8
DATE_HINT_RE = re.compile(r"\d{1,4}[./:-]\d{1,2}|\b(?:19|20)\d{2}\b")


# Labels of a summary box put above the text ("Story highlights", "Key points").
SUMMARY_LABEL_RE = re.compile(
    r"^(?:(?:story|key) highlights|key (?:points|takeaways|facts)|in brief|at a glance|tl;?dr"
    r"|summary|en bref|en resumen)\s*:?$",
    re.IGNORECASE,
)
TAKEAWAY_LABEL_RE = re.compile(r"^(?:key (?:points|takeaways|facts)|tl;?dr)\s*:?$", re.IGNORECASE)


# Summary bullets are one-liners; longer items are the article's own list.
MAX_BULLET_CHARS = 200
# A paper's "Abstract" label above its first paragraph.
SECTION_LABEL_RE = re.compile(r"^(?:abstract|zusammenfassung|résumé|resumen|sommario)\s*:?$",
                              re.IGNORECASE)


def trim_leading_chrome(blocks: list[Block]) -> list[Block]:
    """Drop short non-sentences (datelines, labels, counters) before the first real paragraph,
    and a summary box's label with its bullet points."""
    start = 0
    while start < len(blocks) - 1:
        block = blocks[start]
        text = block.text
        if block.kind == "heading" and SECTION_LABEL_RE.match(text):
            start += 1
            continue
        if len(text) < 40 and SUMMARY_LABEL_RE.match(text):
            start += 1
            if blocks[start].kind == "list_item":
                # A guide's takeaways are its own points; a news page's highlights are teasers
                # that the text repeats.
                if TAKEAWAY_LABEL_RE.match(text):
                    continue
                while start < len(blocks) - 1 and blocks[start].kind == "list_item" \
                        and len(blocks[start].text) < MAX_BULLET_CHARS:
                    start += 1
            elif start < len(blocks) - 1 and len(blocks[start].text) < MAX_DECK_CHARS:
                start += 1  # a one-paragraph summary
            continue
        if block.kind == "paragraph" and len(text) < 80 and (
            not (SENTENCE_END_RE.search(text) or SALUTATION_END_RE.search(text))
            or is_dateline(text)
        ):
            start += 1
            continue
        if block.kind == "heading" and is_bare_date(text):
            start += 1
            continue
        if block.kind == "list_item":
            end = find_meta_list_end(blocks, start)
            if end > start:
                start = end
                continue
        break
    return blocks[start:]


def is_dateline(text: str) -> bool:
    """A short line naming a date (a year inside a sentence is not a dateline; datelines are
    a few words)."""
    return (len(text) < 80 and DATE_HINT_RE.search(text) is not None
            and len(text.split()) <= DATELINE_MAX_WORDS)


def is_bare_date(text: str) -> bool:
    """A date standing alone ("Monday, May 4, 2020", "3/5"), as a blog's day heading or a meta
    list's line: half its words are numbers, where a heading or bullet naming a year or a
    version is mostly words."""
    words = text.split()
    numbers = sum(1 for word in words if DIGIT_RE.search(word))
    return is_dateline(text) and 2 * numbers >= len(words)


def find_meta_list_end(blocks: list[Block], start: int) -> int:
    """End of a leading run of list items that is the page's meta list (date, author, view
    count, tags): short lines, none a sentence, one of them a date; `start` if it is not one."""
    end = start
    dated = False
    while end < len(blocks) - 1 and blocks[end].kind == "list_item":
        text = blocks[end].text
        # a label ending in a colon ("Tags:") is no sentence
        if len(text) >= 80 or LABEL_END_RE.search(text):
            return start
        dated = dated or is_bare_date(text)
        end += 1
    return end if dated else start


# Short labels that open the tail of a page (teasers, comments, sharing), in several languages.
TAIL_MARKER_RE = re.compile(
    r"^(?:related(?: articles| stories| posts| content| reading)?|read (?:more|next|also)"
    r"|more (?:from|on|stories|articles|news|to read|like this)|you (?:may|might) (?:also )?like"
    r"|recommended(?: for you| stories| articles)?|other (?:posts|articles|stories).*|see also"
    r"|(?:\d+ )?comments?|leave a (?:reply|comment)|post a comment|share this(?: article| story)?"
    r"|auch interessant|das könnte sie (?:auch )?interessieren!?|mehr zum thema|weitere artikel"
    r"|lesen sie auch|kommentare?|kommentieren|zum weiterlesen|verwandte artikel|à lire aussi"
    r"|lire aussi|sur le même sujet|commentaires|leer más|te puede interesar|comentarios"
    r"|leggi anche|zobacz (?:też|także)|czytaj (?:też|także)|popular (?:posts|stories)"
    r"|most (?:read|popular)|about the author|über (?:den|die) autor(?:in)?"
    r"|next (?:article|post|story)|previous (?:article|post)"
    r"|be sociable,? share|(?:load|show) more|more (?:topics|columns)(?: .{0,30})?"
    r"|mehr themen|mehr kolumnen.{0,30}|empfohlene (?:beiträge|artikel)|schon gelesen\??"
    r"|das (?:thema|könnte) (?:könnte )?(?:dich|sie) (?:auch )?interessieren|jetzt teilen"
    r"|lesen sie auch.{0,30}|weitere (?:beiträge|artikel|themen|informationen)(?: .{0,30})?"
    r"|lade weitere inhalte|(?:vorschau auf den )?nächsten? artikel|bildergalerie"
    r"|empfehlungen.{0,20}"
    r"|argomenti|articoli correlati|potrebbe interessarti|notas relacionadas|noticias relacionadas"
    r"|veja também|leia também|czytaj więcej|drukuj|polecane|热门推荐|相关阅读|関連記事"
    r"|more from .{1,30}|what others are reading|related topics|also see"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in).{0,40}|keep reading"
    r"|back to (?:blog|news|all posts|overview|articles)|trending now|popular now"
    r"|latest (?:posts|articles|news|stories)|explore further|related coverage"
    r"|weiterführende(?:r)? links?|was denkst du\??"
    # the press office's contact box under a release
    r"|(?:presse|medien)?kontakt|(?:press |media )?contacts?|ansprechpartner(?:in)?(?: .{0,30})?"
    r"|originalpublikation|originalartikel"
    # reading tips named after their topic or their writer
    r"|related reads|what to read next.{0,3}|more (?:book )?recommendations"
    r"|more (?:helpful )?(?:articles|posts|stories) (?:by|from) .{1,40}|other .{1,20} top stories"
    r"|(?:audios et )?vidéos sur le sujet|mehr zu .{1,40}|weitere .{1,20}tipps.{0,20})"
    r"\s*(?:[:.!]|\.\.\.|…)?$",
    re.IGNORECASE,
)


def trim_tail(blocks: list[Block]) -> list[Block]:
    """Handle teaser labels ("Related", "Read also"): a label followed only by short items opens
    the page tail and is cut with it; inside the article only the label and its teaser go."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        text = blocks[index].text
        if index > 0 and len(text) <= 50 and TAIL_MARKER_RE.match(text):
            rest = blocks[index + 1:]
            if all(len(block.text) <= 200 for block in rest):
                break
            index += 2 if rest and len(rest[0].text) < 120 else 1
            continue
        out.append(blocks[index])
        index += 1
    return drop_dangling_labels(out)


# A heading this short at the very end of the text heads nothing that was kept (a related-links
# box, a tag list, a "next article" teaser whose items were dropped as links).
MAX_DANGLING_LABEL_CHARS = 60
# More headings in a row at the end are the article's own (a list of names or terms).
MAX_DANGLING_LABELS = 2
LABEL_END_RE = re.compile(r"[.!?…\"”»)。！？]$")


def drop_dangling_labels(blocks: list[Block]) -> list[Block]:
    """Drop the headings left at the end once the chrome they labelled was removed."""
    end = len(blocks)
    while end > 1 and len(blocks) - end < MAX_DANGLING_LABELS:
        block = blocks[end - 1]
        if block.kind != "heading" or len(block.text) > MAX_DANGLING_LABEL_CHARS \
                or LABEL_END_RE.search(block.text):
            break
        end -= 1
    return blocks[:end]


def dedupe_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if out and out[-1].text == block.text:
            continue
        if out and is_drop_cap(out[-1].text, block.text):
            out[-1] = Block(text=out[-1].text + block.text, kind=block.kind)
            continue
        out.append(block)
    return out


def is_drop_cap(letter: str, text: str) -> bool:
    """Whether a lone capital is the styled first letter of the paragraph after it, which
    some sites keep in a box of its own."""
    return len(letter) == 1 and letter.isupper() and text[:1].islower()


def text_length(blocks: Iterable[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def jsonld_blocks(text: str) -> list[Block]:
    from pipeline.parse.metadata import unescape_html

    text = unescape_html(text)
    parts = [clean_space(p) for p in re.split(r"\n\s*\n|\r\n|\n", text)]
    return [Block(text=p) for p in parts if p]


def collect_all_paragraphs(soup: BeautifulSoup) -> list[Block]:
    blocks: list[Block] = []
    for tag in find_named(soup, ("p",)):
        text = clean_space(tag.get_text())
        if len(text) >= MIN_PARAGRAPH_CHARS and link_chars(tag) / len(text) < 0.5 \
                and not is_furniture(text):
            blocks.append(Block(text=text))
    return blocks


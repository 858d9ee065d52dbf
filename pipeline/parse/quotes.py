"""Rule-based extraction of quotes, their speakers and the sources an article cites."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.models import Attributions, Quote, Source

# --------------------------------------------------------------------------- lexicons


def words(spaced: str) -> frozenset[str]:
    """A lexicon written as one space-separated string, which keeps long lists readable."""
    return frozenset(spaced.split())


_SAY_VERBS = words(
    "say says said saying tell tells told telling add adds added adding write writes wrote "
    "writing note notes noted noting explain explains explained explaining argue argues "
    "argued arguing stated declare declares declared declaring insist insists insisted "
    "insisting continue continues continued reply replies replied respond responds responded "
    "recall recalls recalled recalling tweet tweets tweeted tweeting posted warn warns warned "
    "warning acknowledge acknowledges acknowledged acknowledging admit admits admitted "
    "admitting claim claims claimed claiming complain complains complained complaining "
    "concede concedes conceded conceding confirm confirms confirmed confirming countered "
    "cautioned emphasize emphasizes emphasized emphasised stress stresses stressed observe "
    "observes observed quip quips quipped joke jokes joked remark remarks remarked report "
    "reports reported announce announces announced announcing predict predicts predicted "
    "predicting promise promises promised promising vow vows vowed vowing suggest suggests "
    "suggested suggesting shout shouts shouted yell yells yelled chant chanted chanting "
    "scream screamed exclaimed whisper whispered mused ask asks asked asking contend contends "
    "contended contending maintain maintains maintained assert asserts asserted asserting "
    "allege alleges alleged alleging boast boasts boasted boasting charged concluded conclude "
    "concludes announcing agree agrees agreed testified testify testifies disclosed reveal "
    "reveals revealed revealing urge urges urged urging predicted indicated indicate "
    "indicates texted emailed pledged pledge pledges deny denies denied denying retorted "
    "wondered wonder wonders thundered railed fumed lamented bragged boasted opined "
    "reiterated reiterates repeated repeats recounted explained describe describes described "
    "describing remembered demanded insists recalls responded writes proclaimed"
)
# German, Spanish and French cues, so quotes on pages in those languages get speakers.
_FOREIGN_SAY_VERBS = words(
    "sagte sagt sagten erklärte erklärt betonte betont meinte meint ergänzte fügte warnte "
    "kritisierte räumte schrieb dijo dice afirmó afirma declaró explicó señaló añadió "
    "aseguró indicó advirtió subrayó insistió apuntó agregó comentó déclaré déclare "
    "affirmé affirme expliqué explique ajouté ajoute souligné estimé indiqué précisé "
    "dit assuré"
)
SAY_VERBS = frozenset(_SAY_VERBS) | _FOREIGN_SAY_VERBS
# French compound past: 'a déclaré', 'ont affirmé'
_FRENCH_AUX = words("a ont")

# Verbs whose object clause is reported content ("X believes that ...", "X called the plan ...").
_CONTENT_VERBS = words(
    "believe believes believed think thinks thought call calls called calling hope hopes "
    "hoped fear fears feared want wants wanted accuse accuses accused accusing criticize "
    "criticizes criticized criticizing praise praises praised praising blame blames blamed "
    "blaming label labels labeled labelled dubbed dismissed dismisses slammed slams blasted "
    "blasts attacked attacks questioned questions rejected rejects endorsed endorses "
    "estimated estimates found finds show shows showed showing expect expects expected worry "
    "worries worried know knows knew predicted argued doubt doubts doubted acknowledge "
    "acknowledged cite cites cited citing"
)
CONTENT_VERBS = frozenset(_CONTENT_VERBS) | SAY_VERBS

# Cue verbs allowed to introduce a direct quote around quote marks.
DIRECT_CUES = SAY_VERBS | words(
    "call calls called calling read reads proclaimed proclaims sang sings"
)

AUX_WORDS = words(
    "also later then has had have would will once recently previously further quickly simply "
    "reportedly repeatedly flatly again initially earlier just often frequently has've is was "
    "were are been be being had't never not only still even already"
)

LOOSE_DETERMINERS = words("a an the one some several many two three")

PRONOUNS = words("he she they i we it you")
PERSON_PRONOUNS = words("he she")

DETERMINERS = words(
    "a an the one two three four five some several many his her their its our this that "
    "another other both"
)

# Lower-case words that may sit inside a speaker noun phrase.
_NP_WORDS = words(
    "spokesperson spokesman spokeswoman spokespeople spokesmen official officials aide aides "
    "adviser advisers advisor advisors source sources statement statements report reports "
    "filing release memo letter campaign committee ministry department manager director "
    "chairman chairwoman chair president secretary senator governor mayor leader leaders "
    "candidate former senior top deputy chief press assistant executive professor analyst "
    "analysts expert experts people voter voters supporter supporters staff staffer staffers "
    "strategist strategists attorney attorneys lawyer lawyers prosecutor prosecutors police "
    "officer officers researchers researcher study survey poll polls lawmaker lawmakers "
    "member members representative representatives administration government agency company "
    "firm group organization office minister ambassador general commissioner judge court "
    "attorney-general counsel economist economists historian pollster pollsters observers "
    "critics critic residents resident worker workers owner founder host anchor reporter "
    "reporters editor columnist writer author authors website newspaper paper account post "
    "tweet speech interview documents document data emailed written joint new longtime "
    "republican democratic conservative liberal presidential party council board union "
    "association federal state local national foreign military intelligence white house "
    "senate congressional top-ranking high-ranking unnamed anonymous veteran political U.S. "
    "us american russian chinese spokesperson's officials' analysis review investigation "
    "lawsuit complaint ruling order decision survey's commission panel team family friend "
    "friends wife husband son daughter mother father brother sister man woman men women "
    "student students teacher doctor activist activists protester protesters demonstrators "
    "organizers organizer delegates delegate operative operatives insider insiders donor "
    "donors backers allies ally rival rivals opponent opponents challenger nominee "
    "frontrunner front-runner hopeful contender incumbent billionaire businessman mogul"
)
NP_WORD_SET = frozenset(_NP_WORDS)

NP_LINKS = words("of for at")

# Verbs that are also nouns ("a phone call"): trusted only after a name or pronoun.
NOUN_LIKE_VERBS = words(
    "call calls fear fears hope hopes show shows doubt doubts claim claims report reports "
    "warning notes remarks want wants order charges cite"
)

# Lower-case words that end a loose speaker noun phrase.
NP_STOP = words(
    "who which that whose whom in on at during after before when while to about as and or but "
    "is was are were has had have be been will would can could not also later then on with by "
    "from into than"
)

# Words that cannot open reported content ("said when ...", "told in a report ...").
NOT_CONTENT = words(
    "when in as under by to of after before while during at on with for from about because if "
    "into since until goes so"
)

# Capitalised words that start a sentence or clause but are never part of a speaker name.
STOP_CAPS = words(
    "But And Yet So Still Then Now Later Earlier However Meanwhile Instead Also Asked When "
    "While After Before In On At For With As If Though Although Because Since During Last "
    "This That These Those Today Yesterday Tonight Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October "
    "November December Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Here There What Why How Who "
    "Where Both Even Only Indeed Moreover Furthermore Speaking Responding Writing Asked Told "
    "Said Noting Adding Citing Despite Under Over From By Of To Into Through Without Within "
    "Among Against Like Unlike Rather Instead Not No Yes Oh Well Just Again Finally First "
    "Second Third Next Thus Hence Otherwise Besides Overall Ultimately I We You He She It "
    "They His Her Their Our My Its"
)

PERSON_TITLES = words(
    "mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. lt lt. gen gen. col col. sgt "
    "sgt. capt capt. adm adm. prof prof. rev rev. sir dame lord lady president vice secretary "
    "minister senator governor mayor representative congressman congresswoman judge justice "
    "chief director chairman chairwoman chair ambassador general commissioner attorney "
    "speaker leader deputy assistant former state finance foreign defense interior treasury "
    "health prime premier chancellor candidate nominee founder ceo executive spokesman "
    "spokeswoman spokesperson press manager strategist adviser advisor aide official officer "
    "sheriff detective inspector superintendent principal professor coach king queen prince "
    "princess pope bishop cardinal rabbi imam father sister brother democratic republican gop "
    "presidential frontrunner front-runner hopeful billionaire businessman mogul host anchor "
    "campaign u.s. us house senate white majority minority whip party national lt. first lady "
    "engineer economist scientist historian analyst researcher commander captain sergeant "
    "councillor councilor councilman councilwoman alderman "
    "officer lieutenant colonel major"
)

GOVERNMENT_WORDS = words(
    "department ministry police government council administration agency bureau commission "
    "office senate congress house parliament pentagon kremlin fbi cia nsa embassy military "
    "army navy court committee cabinet state legislature"
)
ORGANIZATION_WORDS = words(
    "inc inc. corp corp. company co co. university association foundation institute group "
    "campaign party union center centre llc ltd bank network club society coalition alliance "
    "organization organisation federation league board pac firm"
)
PUBLICATION_WORDS = words(
    "post times journal ledger herald tribune gazette news reuters ap afp bloomberg cnn msnbc "
    "nbc abc cbs fox politico axios breitbart guardian telegraph economist magazine newspaper "
    "wire press daily weekly chronicle observer examiner globe star sun mail independent "
    "atlantic npr bbc usa"
)
DOCUMENT_WORDS = words(
    "report statement filing release memo letter study survey poll polls documents document "
    "data analysis review complaint lawsuit ruling order decision tweet post speech email "
    "emails transcript indictment affidavit brief motion"
)
ANONYMOUS_HEADS = words(
    "spokesperson spokesman spokeswoman official officials aide aides source sources adviser "
    "advisers advisor advisors people person staffer staffers insider insiders strategist "
    "strategists operative operatives expert experts analyst analysts critics observers "
    "lawmakers members representative"
)

ABBREVIATIONS = words(
    "mr mrs ms dr sen rep gov lt gen col sgt capt adm prof rev st jr sr inc corp co no jan "
    "feb mar apr jun jul aug sep sept oct nov dec vs etc ft mt u.s u.n d.c u.k e.g i.e a.m "
    "p.m"
)

# --------------------------------------------------------------------------- regexes

_NON_EMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")
_QUOTE_MARK = re.compile(r"''|``|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_TOKEN = re.compile(r"([^\W_](?:[\w'\u2019&\-]|\.(?=\w))*)(\.?)|[,;:!?()\u2014\u2013\u2015]")
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019\u201c\u00bb)]*(?=\s+[\"'\u201c\u2018\u201e\u00ab(\[]{0,2}\s?[A-Z0-9])"
)
_LEAD_JUNK = re.compile(r"^[\s\u2022\u25cf\u25aa\u2013\u2014*\-\u00b7>]*")
_WORD = re.compile(r"[A-Za-z][\w'\u2019\-]*")
_THAT = re.compile(r"\s*(?:that\b|,|:)\s*", re.IGNORECASE)
_TIME_PHRASE = re.compile(
    r"\s*(?:(?:on|last|this|next|early|late|earlier|later)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|"
    r"night|morning|afternoon|evening|today|yesterday|recently)\b(?:\s+(?:night|morning|"
    r"afternoon|evening))?\s*,?",
    re.IGNORECASE,
)
_IN_PHRASE = re.compile(
    r"\s*(?:in|during|at|on)\s+(?:an?|the|his|her|their|its)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:statement|interview|speech|email|e-mail|release|post|tweet|letter|conference|"
    r"rally|debate|call|appearance|hearing|briefing|op-ed|video|message|memo)\b\s*,?",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"\b(?:according to|laut|según|selon)\s", re.IGNORECASE)
_TITLE_WORD = re.compile(r"^[A-Z0-9][\w'\u2019\-]*[:,]?$")
_FIRST_REPORTED = re.compile(r"\bfirst reported\b", re.IGNORECASE)
_MIN_WORDS_PARTIAL = 3
_PAREN = re.compile(r"\s*\([^)]*\)")
_BE_FORMS = words("is are was were been am")
_RELAY_CUES = words("notes noted reports reported")
# Cues whose content may be an infinitive ('pledged to ...').
_TO_CUES = words(
    "vow vows vowed promise promises promised pledge pledges pledged threaten threatens "
    "threatened urged urges vowing promising pledging threatening"
)
# Cues followed by the person addressed before the content ('told reporters that ...').
_OBJECT_CUES = words("told tells tell telling asked asks asking urged urging warned warning")
# A short prepositional phrase, then 'that' opening the reported clause.
_THAT_AHEAD = re.compile(r"[^.;:\"\u201c]{0,80}?\bthat\s+")


# --------------------------------------------------------------------------- data


@dataclass
class _Speaker:
    text: str
    start: int
    end: int


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    paragraph: int
    cue: str | None
    speaker: _Speaker | None
    cited: str
    inherit_from: int | None = None  # index of an earlier quote whose speaker carries over


@dataclass
class _SourceDraft:
    name: str
    kind: str
    descriptor: str | None
    cited: list[str] = field(default_factory=list)
    quotes: int = 0
    position: int = 0


# --------------------------------------------------------------------------- tokens


@lru_cache(maxsize=2)
def tokenize_text(text: str) -> tuple[tuple[tuple[str, int, int], ...], tuple[int, ...]]:
    """All tokens of a text with their start offsets, computed once per article.

    A final period stays on abbreviations and initials ("Sen.", "D.", "U.S.") only.
    """
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        word = m.group(1)
        if (
            word is None
            or not m.group(2)
            or word.lower() in ABBREVIATIONS
            or len(word) == 1
            or "." in word
        ):
            out.append((m.group(), m.start(), m.end()))
        else:
            out.append((word, m.start(), m.end(1)))
            out.append((".", m.end(1), m.end()))
    return tuple(out), tuple(t[1] for t in out)


def tokenize_span(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens lying wholly inside text[start:end], with offsets."""
    tokens, starts = tokenize_text(text)
    i = bisect_left(starts, start)
    j = bisect_left(starts, end, lo=i)
    while j > i and tokens[j - 1][2] > end:
        j -= 1
    return list(tokens[i:j])


def is_cap(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and len(token) > 1 and token[1].isupper())


def is_np_token(token: str) -> bool:
    """Whether a token can be part of a speaker noun phrase."""
    if token in STOP_CAPS:
        return False
    low = token.lower().rstrip(",")
    if low.endswith("'s") or low.endswith("\u2019s"):
        low = low[:-2]
    if is_cap(token):
        return True
    return low in NP_WORD_SET or low in DETERMINERS


def is_head_token(token: str) -> bool:
    """A token that can end (head) a speaker noun phrase."""
    low = token.lower()
    if low in DETERMINERS or low in NP_LINKS:
        return False
    return (is_cap(token) and token not in STOP_CAPS) or low in NP_WORD_SET


# --------------------------------------------------------------------------- noun phrases


def scan_np_right(toks: list[tuple[str, int, int]], i: int) -> int:
    """Index just past the speaker NP starting at toks[i] (i itself if none)."""
    if i >= len(toks):
        return i
    if toks[i][0].lower() in PRONOUNS and toks[i][0] not in ("I'm",):
        return i + 1
    j = i
    last_head = i
    loose = toks[i][0].lower() in LOOSE_DETERMINERS
    while j < len(toks) and j - i < 12:
        tok = toks[j][0]
        low = tok.lower()
        if low in NP_LINKS and j > i and j + 1 < len(toks):
            nxt = toks[j + 1][0]
            if is_cap(nxt) or nxt.lower() in ("the", "a") or nxt.lower() in NP_WORD_SET:
                j += 1
                continue
            break
        if low in DETERMINERS and j > i and toks[j - 1][0].lower() not in NP_LINKS:
            break
        # 'one well-connected Democrat': after a determiner any plain word may follow
        if not is_np_token(tok) and not (
            loose
            and tok[:1].islower()
            and low not in NP_STOP
            and low not in CONTENT_VERBS
            and j - i < 6
            and last_head == i
            and not low.endswith("ed")
        ):
            break
        j += 1
        if is_head_token(tok) or (loose and tok[:1].islower() and low not in DETERMINERS):
            last_head = j
        if tok.endswith(".") and len(tok) > 3 and low.rstrip(".") not in ABBREVIATIONS:
            break
    return last_head


def scan_np_left(toks: list[tuple[str, int, int]], j: int) -> int:
    """Index of the first token of the speaker NP that ends just before toks[j]."""
    if j <= 0:
        return j
    if toks[j - 1][0].lower() in PRONOUNS:
        return j - 1
    if toks[j - 1][0] == ")":
        # 'Sen. Ada Mroz (D-Ore.)': the party/state tag closes the name
        for o in range(j - 2, max(-1, j - 9), -1):
            if toks[o][0] == "(":
                i = scan_np_left(toks, o)
                return i if i < o else j

    if not is_head_token(toks[j - 1][0]):
        # 'one person', 'the bespectacled diplomat': a plain noun after a determiner
        for d in range(j - 2, max(-1, j - 5), -1):
            low = toks[d][0].lower()
            if low in LOOSE_DETERMINERS and not toks[d][0].isupper():
                if all(
                    _WORD.fullmatch(t[0]) and t[0].lower() not in NP_STOP for t in toks[d + 1 : j]
                ):
                    return d
                break
            if not _WORD.fullmatch(toks[d][0]) or low in NP_STOP:
                break
        return j
    i = j - 1
    while i > 0 and j - i < 10:
        tok = toks[i - 1][0]
        low = tok.lower()
        if low in NP_LINKS:
            if i - 1 > 0 and is_np_token(toks[i - 2][0]):
                i -= 1
                continue
            break
        if not is_np_token(tok):
            break
        i -= 1
        if low in DETERMINERS:
            break
    # A link word cannot open the phrase.
    while i < j and toks[i][0].lower() in NP_LINKS:
        i += 1
    return i


def skip_aux_left(toks: list[tuple[str, int, int]], j: int) -> int:
    """Step left over auxiliaries and adverbs between a subject and its verb."""
    steps = 0
    while j > 0 and steps < 3:
        low = toks[j - 1][0].lower()
        if low in AUX_WORDS or (low.endswith("ly") and len(low) > 4 and not is_cap(toks[j - 1][0])):
            j -= 1
            steps += 1
            continue
        break
    return j


def make_speaker(text: str, toks: list[tuple[str, int, int]], i: int, j: int) -> _Speaker | None:
    if j <= i:
        return None
    start, end = toks[i][1], toks[j - 1][2]
    span = text[start:end].rstrip(",")
    if not span or span.endswith(("'s", "\u2019s", "s'", "s\u2019", "n't", "n\u2019t")):
        return None
    if any(len(t[0]) > 4 and t[0].isupper() for t in toks[i:j]):
        # headlines and datelines in capitals are not speakers
        return None
    return _Speaker(span, start, start + len(span))


# --------------------------------------------------------------------------- cues


def find_cue_after(text: str, start: int, end: int) -> tuple[_Speaker, str, int] | None:
    """Speaker and cue right after a quote: ', she said' or ', said Ana Duarte'."""
    toks = tokenize_span(text, start, min(end, start + 240))
    k = 0
    dash = False
    while k < len(toks) and toks[k][0] in (",", "\u2014", "\u2013", ":", "\u2015", "("):
        dash = dash or toks[k][0] in ("\u2014", "\u2015", "\u2013")
        k += 1
    if k >= len(toks):
        return None
    if (
        toks[k][0] in _FRENCH_AUX
        and k + 1 < len(toks)
        and toks[k + 1][0].lower() in _FOREIGN_SAY_VERBS
    ):
        k += 1
    first = toks[k][0].lower()
    name_like = (
        is_cap(toks[k][0]) and k + 1 < len(toks) and toks[k + 1][0].lower() in SAY_VERBS
    )
    if first in DIRECT_CUES and not name_like:  # 'Read said' names a person called Read
        stop = scan_np_right(toks, k + 1)
        speaker = make_speaker(text, toks, k + 1, stop)
        if speaker is None or not is_cap(speaker.text):
            named = name_after_description(text, toks, k + 1)
            if named is not None:
                return named[0], toks[k][0], named[1]
        if speaker is not None:
            return speaker, toks[k][0], toks[stop - 1][2]
        return None
    stop = scan_np_right(toks, k)
    if stop == k:
        return find_cue_verb_ahead(text, toks, k)
    verb = skip_aux_right(toks, stop)
    if verb < len(toks) and toks[verb][0] == "(":
        # 'Sen. Ada Mroz (D-Ore.) said': a party/state tag sits between name and verb
        close = next(
            (m for m in range(verb + 1, min(len(toks), verb + 8)) if toks[m][0] == ")"), None
        )
        if close is not None:
            verb = skip_aux_right(toks, close + 1)
    if verb < len(toks) and toks[verb][0] == ",":
        # 'Ramos, 58, told' / 'Duarte, the minister, said': step over the appositive
        m = verb + 1
        while m < len(toks) and m - verb < 25 and toks[m][0] not in (",", ";", ":"):
            m += 1
        if m < len(toks) and toks[m][0] == ",":
            verb = skip_aux_right(toks, m + 1)
    if verb < len(toks) and toks[verb][0].lower() in DIRECT_CUES:
        speaker = make_speaker(text, toks, k, stop)
        if speaker is not None:
            return speaker, toks[verb][0], toks[verb][2]
    found = find_cue_verb_ahead(text, toks, k)
    if found is not None:
        return found
    if dash and (verb >= len(toks) or toks[verb][0] in (".", ",")):
        # '"..." — Ana Duarte' signs a quote with a dash
        speaker = make_speaker(text, toks, k, stop)
        if speaker is not None and is_cap(speaker.text):
            return speaker, "\u2014", speaker.end
    return None


def name_after_description(
    text: str, toks: list[tuple[str, int, int]], i: int
) -> tuple[_Speaker, int] | None:
    """'said its spokesman, Ben Ortiz' / 'dijo su portavoz, Tomás Urrutia': the name
    after a short lower-case description and a comma is the speaker."""
    for c in range(i + 1, min(len(toks), i + 5)):
        if toks[c][0] == ",":
            break
        if not _WORD.fullmatch(toks[c][0]) or is_cap(toks[c][0]):
            return None
    else:
        return None
    if not all(_WORD.fullmatch(t[0]) for t in toks[i:c]) or toks[i][0][:1].isupper():
        return None
    stop = scan_np_right(toks, c + 1)
    if stop == c + 1 or not all(is_cap(t[0]) for t in toks[c + 1 : stop]):
        return None
    speaker = make_speaker(text, toks, c + 1, stop)
    return (speaker, toks[stop - 1][2]) if speaker is not None else None


def find_cue_verb_ahead(
    text: str, toks: list[tuple[str, int, int]], k: int
) -> tuple[_Speaker, str, int] | None:
    """'harbour official Marta Kern said': the subject just left of a nearby cue verb."""
    for v in range(k + 1, min(len(toks), k + 14)):
        tok = toks[v][0]
        if tok in (".", ";", "!", "?"):
            break
        if tok.lower() in DIRECT_CUES:
            speaker = subject_of(text, toks, v, toks[k][1])
            if speaker is not None and speaker.start >= toks[k][1]:
                return speaker, tok, toks[v][2]
            break
    return None


def skip_aux_right(toks: list[tuple[str, int, int]], j: int) -> int:
    steps = 0
    while j < len(toks) and steps < 3:
        low = toks[j][0].lower()
        if low in AUX_WORDS or (low.endswith("ly") and len(low) > 4 and not is_cap(toks[j][0])):
            j += 1
            steps += 1
            continue
        break
    return j


def find_cue_before(text: str, start: int, end: int) -> tuple[_Speaker, str] | None:
    """Speaker of a quote introduced by 'X said:' or 'X told reporters,' before it."""
    toks = tokenize_span(text, max(start, end - 240), end)
    while toks and toks[-1][0] in (",", ":", "\u2014", "\u2013"):
        toks.pop()
    n = len(toks)
    for v in range(n - 1, max(-1, n - 14), -1):
        tok = toks[v][0]
        if tok.lower() not in DIRECT_CUES:
            continue
        speaker = subject_of(text, toks, v, toks[0][1] if toks else start)
        if speaker is None:
            stop = scan_np_right(toks, v + 1)
            speaker = make_speaker(text, toks, v + 1, stop)
        if speaker is not None:
            return speaker, tok
        return None
    return None


def subject_of(
    text: str, toks: list[tuple[str, int, int]], v: int, clause_start: int
) -> _Speaker | None:
    """Subject of the verb toks[v], stepping over an appositive ('Ramos, 58, told')."""
    found = find_subject_of(text, toks, v, clause_start)
    # 'a phone call', 'the fears': a noun after an indefinite phrase, not a verb
    if (
        found is not None
        and toks[v][0].lower() in NOUN_LIKE_VERBS
        and (
            found.text.split()[0].lower() in ("a", "an")
            or (
                found.text.split()[-1].lower() in NP_WORD_SET and not is_cap(found.text.split()[-1])
            )
        )
    ):
        return None
    return found


def find_subject_of(
    text: str, toks: list[tuple[str, int, int]], v: int, clause_start: int
) -> _Speaker | None:
    if toks[v][0].lower().endswith("ing") and v > 0 and toks[v - 1][0] == ",":
        found = find_subject(text, clause_start, toks[v][1])
        return found if found is not None and found.end <= toks[v][1] else None
    left = skip_aux_left(toks, v)
    if left > 0 and toks[left - 1][0] == ",":
        # 'Name, a description, said': find the comma that opens the appositive
        k = left - 2
        while k >= 0 and left - k < 25 and toks[k][0] not in (",", ";", ":", "(", ")"):
            k -= 1
        if k >= 0 and toks[k][0] == ",":
            i = scan_np_left(toks, k)
            if i < k:
                return make_speaker(text, toks, i, k)
        return None
    if left > 0 and toks[left - 1][0].lower() in ("and", "but"):
        found = find_subject(text, clause_start, toks[left - 1][1])
        return found if found is not None and found.end <= toks[v][1] else None
    i = scan_np_left(toks, left)
    return make_speaker(text, toks, i, left)


def find_subject(text: str, start: int, end: int) -> _Speaker | None:
    """The noun phrase opening a clause, used for 'X did Y, saying ...' constructions."""
    toks = tokenize_span(text, start, min(end, start + 200))
    k = 0
    for c in range(min(len(toks), 5)):
        if toks[c][0] == ":":
            k = c + 1  # 'Worth noting: The ministry ...' starts after the label
    while k < len(toks) and (toks[k][0] in STOP_CAPS or toks[k][0] in (",",)):
        if toks[k][0] in ("In", "On", "At", "After", "During", "Asked", "Speaking"):
            # skip the whole introductory phrase up to its comma
            while k < len(toks) and toks[k][0] != ",":
                k += 1
        k += 1
    if toks[k : k + 1] and toks[k][0].lower() in PRONOUNS:
        return make_speaker(text, toks, k, k + 1)
    stop = scan_np_right(toks, k)
    return make_speaker(text, toks, k, stop)


# --------------------------------------------------------------------------- quotes marks


def classify_mark(text: str, pos: int, mark: str) -> int:
    """+1 for an opening mark, -1 for a closing mark, 0 when the context cannot tell."""
    if mark in ("\u201c", "``", "\u201e", "\u00ab"):
        return 1
    if mark in ("\u201d", "\u00bb"):
        return -1
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/":
        return 1 if not after.isspace() else 0
    if after.isspace() or after in ".,;:!?)]}\u2014\u2013-":
        return -1
    return 0


def find_quote_segments(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """Paired quote spans (marks included) in one paragraph; True when one is left open."""
    segments: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        direction = classify_mark(text, m.start(), m.group())
        if open_at is None:
            if direction >= 0:
                open_at = m.start()
            continue
        if direction == 1 and text[m.start() - 1 : m.start()].isspace():
            # A new opening mark while one is open: the earlier mark was never closed.
            segments.append((open_at, m.start()))
            open_at = m.start()
            continue
        segments.append((open_at, m.end()))
        open_at = None
    if open_at is not None:
        segments.append((open_at, end))
        return segments, True
    return segments, False


def find_sentences(
    text: str, start: int, end: int, segments: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; boundaries inside a quotation do not count."""
    cuts = [start]
    for m in _SENTENCE_END.finditer(text, start, end):
        b = m.end()
        if any(s < m.start() and b < e for s, e in segments):
            continue
        word = _last_word(text, m.start())
        if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        cuts.append(b)
    cuts.append(end)
    spans = []
    for a, b in itertools.pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            spans.append((a, b))
    return spans


def _last_word(text: str, pos: int) -> str:
    i = pos
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:pos]


# --------------------------------------------------------------------------- helpers


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_title_like(inner: str) -> bool:
    """A capitalised short title ("The Big Short") or a single scare-quoted word."""
    words = inner.split()
    if len(words) <= 1:
        return True
    if len(words) > 7 or inner.rstrip()[-1:] in ".?!":
        return False
    minor = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"}
    return all(_TITLE_WORD.match(w) or w in minor for w in words) and bool(
        _TITLE_WORD.match(words[0])
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0,;:\u2014\u2013-":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0,;:\u2014\u2013-.":
        end -= 1
    return start, end


def in_skip(pos: int, skip: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in skip)


# --------------------------------------------------------------------------- indirect


def find_indirect(
    text: str, s: int, e: int, segments: Sequence[tuple[int, int]]
) -> tuple[int, int, _Speaker, str, str] | None:
    """Reported speech in a sentence: (content start, end, speaker, cue, cited_as)."""
    body = text[s:e]
    acc = _ACCORDING_TO.search(body)
    if acc is not None:
        return according_to(text, s, e, acc.start() + s, acc.end() + s)
    toks = tokenize_span(text, s, e)
    inside = [(a, b) for a, b in segments if s <= a < e]

    def quoted(pos: int) -> bool:
        return any(a < pos < b for a, b in inside)

    # Trailing cue: "..., the ministry said on Monday." / "..., said Duarte."
    for c in range(len(toks) - 2, 0, -1):
        if toks[c][0] != ",":
            continue
        if quoted(toks[c][1]):
            # 'The plan "will fail," Duarte said.': a comma just inside the closing mark
            # ends the content as well as an outside one does.
            close = next((b for a, b in inside if a < toks[c][1] < b), None)
            if close is None or text[toks[c][2] : close].strip("\"'\u201d\u2019 "):
                break
            found = find_cue_after(text, close, e)
            # 'X has said "...," notes the Post': a relaying outlet leaves the content to X
            if found is not None and found[1].lower() in SAY_VERBS - _RELAY_CUES:
                speaker, cue, cue_end = found
                rest = text[cue_end:e]
                # ', the provincial minister at the time, ...' describes the speaker
                if len(_WORD.findall(rest)) <= 8 or rest.lstrip().startswith(","):
                    cs, ce = trim_span(text, s, close)
                    return cs, ce, speaker, cue, "reported"
            break
        found = find_cue_after(text, toks[c][2], e)
        if found is None:
            continue
        speaker, cue, cue_end = found
        rest = text[cue_end:e]
        if cue.lower() not in SAY_VERBS:
            continue
        if speaker.start > text.find(cue, toks[c][2]) and speaker.text.lower() in PRONOUNS:
            continue
        if rest.lstrip().startswith(","):
            # 'The plan, she said, is working': the cue interrupts one content
            cs, ce = trim_span(text, s, e)
            return cs, ce, speaker, cue, "told" if cue.lower() == "told" else "reported"
        if len(_WORD.findall(rest)) > 8:
            continue
        cs, ce = trim_span(text, s, toks[c][1])
        if word_count(text[cs:ce]) >= 3:
            return cs, ce, speaker, cue, "told" if cue.lower() == "told" else "reported"
        break
    # Subject cue: "Duarte said (on Monday) (that) ...".
    for v in range(1, min(len(toks), 40)):
        tok = toks[v][0]
        low = tok.lower()
        if low not in CONTENT_VERBS or quoted(toks[v][1]):
            continue
        progressive = low.endswith("ing") and toks[v - 1][0].lower() in _BE_FORMS
        if low.endswith("ing") and not progressive:
            participle = participle_cue(text, s, e, toks, v)
            if participle is not None:
                return participle
            continue
        subject = subject_of(text, toks, v, s)
        if subject is None:
            continue
        pos = toks[v][2]
        if low in _OBJECT_CUES and v + 1 < len(toks):
            stop = scan_np_right(toks, v + 1)
            if stop > v + 1:
                pos = toks[stop - 1][2]
        pos = skip_fillers(text, pos, e)
        cs, ce = trim_span(text, pos, e)
        first = _WORD.match(text, cs, ce)
        if first and first.group().lower() == "to" and low in _TO_CUES:
            pass  # 'vowed to "fight for every vote"': the infinitive is the content
        elif first and first.group().lower() in NOT_CONTENT:
            # 'wrote for the Informer that ...': the content opens after a nearby 'that'
            that = _THAT_AHEAD.match(text, cs, min(ce, cs + 90))
            if that is None:
                continue
            cs = that.end()
        if word_count(text[cs:ce]) < 3:
            continue
        cited = "told" if low in ("told", "tells", "tell") else "reported"
        return cs, ce, subject, tok, cited
    return None


def skip_fillers(text: str, pos: int, end: int) -> int:
    """Skip time phrases, 'in a statement' and 'that' between a cue and its content."""
    for _ in range(4):
        moved = False
        for rx in (_TIME_PHRASE, _IN_PHRASE, _THAT):
            m = rx.match(text, pos, end)
            if m and m.end() > pos:
                pos = m.end()
                moved = True
        if not moved:
            break
    return pos


def participle_cue(
    text: str, s: int, e: int, toks: list[tuple[str, int, int]], v: int
) -> tuple[int, int, _Speaker, str, str] | None:
    """'X did Y, saying/citing ...': the clause subject is the speaker."""
    if v == 0:
        return None
    if toks[v - 1][0] != ",":
        # 'with Duarte saying last week that ...'
        i = scan_np_left(toks, v)
        with_np = i > 0 and toks[i - 1][0].lower() == "with"
        speaker = make_speaker(text, toks, i, v) if with_np and is_cap(toks[i][0]) else None
    else:
        speaker = find_subject(text, s, toks[v][1])
    if speaker is None or speaker.start >= toks[v][1]:
        return None
    pos = skip_fillers(text, toks[v][2], e)
    cs, ce = trim_span(text, pos, e)
    if word_count(text[cs:ce]) < 2:
        return None
    return cs, ce, speaker, toks[v][0], "reported"


def according_to(
    text: str, s: int, e: int, a: int, b: int
) -> tuple[int, int, _Speaker, str, str] | None:
    toks = tokenize_span(text, b, e)
    stop = scan_np_right(toks, 0)
    speaker = make_speaker(text, toks, 0, stop)
    if speaker is None:
        return None
    np_end = toks[stop - 1][2]
    before = trim_span(text, s, a)
    if word_count(text[before[0] : before[1]]) >= 3:
        return before[0], before[1], speaker, "according to", "according_to"
    after = trim_span(text, np_end, e)
    if word_count(text[after[0] : after[1]]) >= 3:
        return after[0], after[1], speaker, "according to", "according_to"
    return None


# --------------------------------------------------------------------------- extraction


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NON_EMPTY_LINE.finditer(text)]


def collect_segments(
    text: str, paragraphs: Sequence[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """Quote segments per paragraph, joining quotes that run on into the next paragraph."""
    per_par: list[list[tuple[int, int]]] = []
    for ps, pe in paragraphs:
        segs, _ = find_quote_segments(text, ps, pe)
        per_par.append(segs)
    return per_par


def extract_found(text: str, skip_spans: Sequence[tuple[int, int]]) -> list[_Found]:
    paragraphs = split_paragraphs(text)
    per_par = collect_segments(text, paragraphs)
    found: list[_Found] = []
    prev_par_quote: int | None = None
    pending_colon: _Found | None = None
    for pi, (ps, pe) in enumerate(paragraphs):
        if in_skip(ps, skip_spans):
            prev_par_quote = None
            continue
        segs = per_par[pi]
        lead = _LEAD_JUNK.match(text, ps, pe)
        body_start = lead.end() if lead else ps
        par_first = len(found)
        sentences = find_sentences(text, body_start, pe, segs)
        last_in_par: int | None = None
        for ss, se in sentences:
            sent_segs = [(a, b) for a, b in segs if ss <= a < se]
            handled_direct = False
            prev_end = ss
            sent_first = len(found)
            skipped_end: int | None = None  # end of quotes skipped before the first kept one
            for qs, qe in sent_segs:
                if in_skip(qs, skip_spans):
                    continue
                inner = text[qs:qe].strip("\"'\u201c\u201d \n")
                prefix = text[prev_end:qs]
                stripped_prefix = prefix.strip(" \t\u00a0\u2022-\u2014\u2013*")
                opening = not stripped_prefix
                introduced = stripped_prefix.endswith((":", ","))
                if not (opening or introduced) or (
                    word_count(inner) < _MIN_WORDS_PARTIAL and not opening
                ):
                    if len(found) == sent_first:
                        skipped_end = qe
                    prev_end = qe
                    continue
                if is_title_like(inner) and text[qe - 2 : qe].strip("\"\u201d'")[-1:] not in ",.?!":
                    prev_end = qe
                    continue
                after = find_cue_after(text, qe, se)
                before = find_cue_before(text, prev_end, qs) if introduced else None
                if after is None and before is None and opening and qe >= se - 2:
                    loose = text[qs:qe].rstrip("\"'\u201d\u2019 ")[-1:] in ("?", "!")
                    after = cue_in_next_sentence(text, qe, pe, loose)
                quote = _Found(qs, qe, "direct", pi, None, None, "quoted")
                if after is not None:
                    quote.speaker, quote.cue = after[0], after[1]
                elif before is not None:
                    quote.speaker, quote.cue = before
                elif introduced and stripped_prefix.endswith(":"):
                    quote.speaker = colon_label(text, prev_end, qs)
                    if quote.speaker is None and prev_end == ss:
                        # 'Duarte leaned in and boomed: "..."': the clause subject speaks
                        quote.speaker = colon_subject(text, ss, qs)
                if quote.speaker is None:
                    if last_in_par is not None:
                        # '"...," she said. "..."': the second half shares the cue
                        quote.inherit_from = last_in_par
                        quote.speaker = found[last_in_par].speaker
                        quote.cue = found[last_in_par].cue
                    elif pending_colon is not None and opening:
                        quote.inherit_from = found.index(pending_colon)
                    elif prev_par_quote is not None and opening:
                        quote.inherit_from = prev_par_quote
                    elif not opening:
                        quote.kind = "partial"
                found.append(quote)
                last_in_par = len(found) - 1
                handled_direct = True
                prev_end = qe
            sweep_citations(text, ss, se, sent_segs, found, pi)
            if handled_direct:
                fill_from_sentence(text, ss, se, sent_segs, found, sent_first, skipped_end, pi)
                continue
            if in_skip(ss, skip_spans):
                continue
            indirect = find_indirect(text, ss, se, sent_segs)
            if indirect is not None:
                cs, ce, speaker, cue, cited = indirect
                has_marks = any(cs <= a < ce for a, _ in sent_segs)
                kind = "partial" if has_marks else "indirect"
                found.append(_Found(cs, ce, kind, pi, cue, speaker, cited))
                if has_marks:
                    # '... funds first," Sanders wrote. "That is unacceptable."': a bare
                    # quote right after a cued partial quote continues the same speaker
                    last_in_par = len(found) - 1
                continue
            for qs, qe in sent_segs:
                inner = text[qs:qe].strip("\"'\u201c\u201d \n")
                if word_count(inner) >= 4 and not is_title_like(inner):
                    found.append(_Found(qs, qe, "partial", pi, None, None, "quoted"))
                    if last_in_par is not None:
                        found[-1].inherit_from = last_in_par
                    elif prev_par_quote is not None:
                        found[-1].inherit_from = prev_par_quote
        pending_colon = None
        par_text = text[body_start:pe].rstrip()
        if par_text.endswith(":") and len(found) == par_first:
            speaker_cue = find_cue_before(text, body_start, len(par_text) + body_start)
            if speaker_cue is not None:
                pending_colon = _Found(
                    pe, pe, "direct", pi, speaker_cue[1], speaker_cue[0], "quoted"
                )
                found.append(pending_colon)
        direct_here = [k for k in range(par_first, len(found)) if found[k].kind == "direct"]
        prev_par_quote = direct_here[-1] if direct_here else None
    return found


# Verbs of stance and decision: PolNeAR counts their subjects as sources too
# ('Republicans oppose the bill', 'the court ruled').
_STANCE_VERBS = words(
    "support supports supported oppose opposes opposed propose proposes proposed seek "
    "seeks sought prefer prefers preferred favor favors favored backed endorse "
    "feel feels felt decided refused declined insist ruled ordered announced defended "
    "demanded accused"
)
# Plural or collective heads that are sources without a determiner ('voters say').
_GROUP_HEADS = words(
    "voters polls surveys records reports data officials analysts experts critics "
    "supporters opponents democrats republicans lawmakers residents economists "
    "conservatives liberals progressives americans respondents delegates donors "
    "advocates aides leaders members activists protesters scientists researchers studies"
)


def fill_from_sentence(
    text: str,
    s: int,
    e: int,
    segments: Sequence[tuple[int, int]],
    found: list[_Found],
    first: int,
    skipped_end: int | None,
    pi: int,
) -> None:
    """Give the sentence's own cue to its quotes that found none next to their marks.

    'Duarte told the board that the plan "had failed," adding, "We start again."': the
    second quote has no cue of its own, the first was skipped as a partial quote; both
    belong to the subject of 'told'.
    """
    bare = [f for f in found[first:] if f.speaker is None and f.inherit_from is None]
    if not bare and skipped_end is None:
        return
    indirect = find_indirect(text, s, e, segments)
    if indirect is None:
        return
    cs, ce, speaker, cue, cited = indirect
    for f in bare:
        if speaker.end <= f.start or speaker.start >= f.end:
            f.speaker, f.cue = speaker, cue
    if skipped_end is not None and cs < skipped_end and found[first:]:
        # the reported clause up to the last skipped quote is a partial quote of its own
        head_end = min(ce, skipped_end)
        if head_end <= found[first].start and word_count(text[cs:head_end]) >= 3:
            hs, he = trim_span(text, cs, head_end)
            found.insert(first, _Found(hs, he, "partial", pi, cue, speaker, cited))


def sweep_citations(
    text: str, s: int, e: int, segments: Sequence[tuple[int, int]], found: list[_Found], pi: int
) -> None:
    """Register subjects of every cue verb in a sentence as cited sources (no quote)."""
    toks = tokenize_span(text, s, e)
    seen = {f.speaker.start for f in found if f.speaker is not None}
    for v in range(1, len(toks)):
        low = toks[v][0].lower()
        if (low not in CONTENT_VERBS and low not in _STANCE_VERBS) or low.endswith("ing"):
            continue
        if any(a < toks[v][1] < b for a, b in segments) or toks[v - 1][0] == ",":
            continue
        speaker = subject_of(text, toks, v, s)
        if speaker is None or speaker.start in seen or speaker.text.lower() in PRONOUNS:
            continue
        head = strip_possessive(speaker.text.split()[-1].lower())
        if (
            speaker.text[:1].islower()
            and speaker.text.split()[0].lower() not in DETERMINERS
            and head not in _GROUP_HEADS
        ):
            continue
        seen.add(speaker.start)
        found.append(_Found(e, e, "indirect", pi, toks[v][0], speaker, "reported"))


def colon_subject(text: str, start: int, end: int) -> _Speaker | None:
    """Subject of a clause that ends in a colon before a quote, when it names someone."""
    speaker = find_subject(text, start, end)
    if speaker is None:
        return None
    if speaker.text.lower() in PRONOUNS or (is_cap(speaker.text) and speaker.text not in STOP_CAPS):
        return speaker
    return None


def colon_label(text: str, start: int, end: int) -> _Speaker | None:
    """'Duarte: "..."' — a bare name label before a colon."""
    toks = tokenize_span(text, start, end)
    while toks and toks[-1][0] == ":":
        toks.pop()
    if not toks or len(toks) > 5:
        return None
    if all(is_cap(t[0]) and t[0] not in STOP_CAPS for t in toks):
        return make_speaker(text, toks, 0, len(toks))
    return None


def cue_in_next_sentence(
    text: str, pos: int, end: int, loose: bool = False
) -> tuple[_Speaker, str, int] | None:
    """'"..." Duarte said.' written as its own short sentence.

    loose: the quote closed on '?' or '!', so the sentence splitter cut a sentence that
    goes on with its cue ('"Why now?" Duarte asked the board on Monday.').
    """
    stop = text.find(".", pos, min(end, pos + (200 if loose else 80)))
    if stop < 0:
        stop = min(end, pos + 200) if loose else -1
    if stop < 0:
        return None
    found = find_cue_after(text, pos, stop)
    if found is None or (not loose and word_count(text[found[2] : stop]) > 4):
        return None
    if loose and word_count(text[pos : found[0].start]) > 0:
        return None
    return found


# --------------------------------------------------------------------------- sources

_NAME_RUN = re.compile(
    r"\b[A-Z][a-z][\w'\u2019\-]*(?:\s+(?:[A-Z]\.|[A-Z][a-z][\w'\u2019\-]*)){1,5}"
)
_CITE_AFTER = re.compile(
    r"[,\u201d\"]\s*(?:notes|noted|reports|reported|writes|wrote)\s+"
    r"((?:the\s+)?[A-Z][\w.'\u2019]*(?:\s+[A-Z][\w.'\u2019]*){0,4})"
)
# German compound role nouns ('Geschäftsführer', 'Verbandsjurist', 'Oberbürgermeisterin')
# are titles, not names.
_ROLE_SUFFIXES = (
    "führer", "führerin", "sprecher", "sprecherin", "jurist", "juristin", "meister",
    "meisterin", "präsident", "präsidentin", "minister", "ministerin", "vorsitzende",
    "vorsitzender", "direktor", "direktorin", "leiter", "leiterin",
)
_HONORIFICS = words("mr mr. mrs mrs. ms ms. dr dr. sir")
_PUBLICATION_NAMES = words(
    "reuters ap afp bloomberg cnn msnbc nbc abc cbs fox politico axios breitbart npr bbc upi"
)


def strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


def classify_name(words: Sequence[str]) -> str | None:
    """Kind of a body by the words of its name, or None when it looks like a person."""
    low = [strip_possessive(w).lower().rstrip(".,") for w in words]
    if not low:
        return None
    if " ".join(low) in ("associated press", "the associated press") or (
        len(low) == 1 and low[0] in _PUBLICATION_NAMES
    ):
        return "publication"
    if len(low) >= 2 and low[0] == "the" and low[-1] in PUBLICATION_WORDS and (is_cap(words[-1])):
        return "publication"
    if low[-1] in ("white",) or " ".join(low[-2:]) == "white house":
        return "government"
    if low[-1] in GOVERNMENT_WORDS:
        return "government"
    if low[-1] in ORGANIZATION_WORDS or low[0] in ("university",):
        return "organization"
    if low[-1] in DOCUMENT_WORDS:
        return "document"
    if (
        len(low) >= 2
        and low[-1] in PUBLICATION_WORDS
        and is_cap(words[-1])
        and low[-1]
        in ("post", "times", "journal", "ledger", "herald", "tribune", "gazette", "news")
    ):
        return "publication"
    return None


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split 'Secretary of State Antony Blinken' into descriptor and name words."""
    k = len(words)
    while k > 0:
        w = words[k - 1]
        low = w.lower().rstrip(",")
        if (
            not is_cap(w)
            or low in PERSON_TITLES
            or low.endswith(_ROLE_SUFFIXES)
            or strip_possessive(w) != w
        ):
            break
        k -= 1
    if k == len(words):
        return words, []
    return words[:k], words[k:]


class _Resolver:
    """Turns speaker mentions into sources, merging surnames and resolving pronouns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.drafts: list[_SourceDraft] = []
        self._names: dict[str, str] | None = None
        self.titles: dict[str, str] = {}

    def name_index(self) -> dict[str, str]:
        if self._names is None:
            names: dict[str, str] = {}
            for m in _NAME_RUN.finditer(self.text):
                words = m.group().split()
                before = self.text[max(0, m.start() - 60) : m.start()].split()
                k = len(before)
                while k > 0 and (is_cap(before[k - 1]) or before[k - 1] == "of"):
                    k -= 1
                descriptor_words, name_words = split_title(before[k:] + words)
                if descriptor_words and len(name_words) >= 2:
                    self.titles.setdefault(" ".join(name_words), " ".join(descriptor_words))
                while words and (
                    words[0].lower().rstrip(".") in PERSON_TITLES
                    or words[0] in STOP_CAPS
                    or words[0].lower() in _HONORIFICS
                ):
                    words = words[1:]
                if len(words) < 2 or classify_name(words) is not None:
                    continue
                # "Russia's Foreign Minister Sergei Lavrov": keep the name words only
                titled, bare = split_title(words)
                if titled and len(bare) >= 2:
                    words = bare
                last = strip_possessive(words[-1])
                names.setdefault(last, " ".join([*words[:-1], last]))
            self._names = names
        return self._names

    def add(self, name: str, kind: str, descriptor: str | None, pos: int) -> int:
        key = name.lower()
        for k, draft in enumerate(self.drafts):
            if draft.name.lower() == key:
                draft.position = pos
                if descriptor and not draft.descriptor:
                    draft.descriptor = descriptor
                return k
        self.drafts.append(_SourceDraft(name, kind, descriptor, position=pos))
        return len(self.drafts) - 1

    def latest(self, kinds: Sequence[str]) -> int | None:
        best: int | None = None
        for k, draft in enumerate(self.drafts):
            if draft.kind in kinds and (
                best is None or draft.position > self.drafts[best].position
            ):
                best = k
        return best

    def resolve(self, mention: str, pos: int) -> int | None:
        mention = _PAREN.sub("", mention).strip()  # 'Ada Mroz (D-Ore.)' names Ada Mroz
        words = mention.replace("\u2019", "'").split()
        if not words:
            return None
        low = [w.lower() for w in words]
        if len(words) == 1 and low[0] in PRONOUNS:
            return self.resolve_pronoun(low[0], pos)
        if low[0] in ("the", "this", "that") and all(not is_cap(w) for w in words[1:]):
            return self.resolve_definite(mention, low[-1], pos)
        caps = [w for w in words if is_cap(w) and w.lower() not in DETERMINERS]
        head = strip_possessive(low[-1])
        if head in ANONYMOUS_HEADS or (not caps and head in NP_WORD_SET):
            return self.resolve_description(mention, words, pos)
        kind = classify_name(words)
        if kind is not None:
            name_words = words[1:] if low[0] == "the" and kind != "publication" else words
            if kind == "publication" and low[0] == "the":
                name_words = ["The", *words[1:]]
            if low[0] in DETERMINERS and low[0] != "the":
                name_words = words[1:]
            return self.add(" ".join(name_words), kind, None, pos)
        for link in ("of", "from"):
            # 'Jason Pike of Dayton': the place after the name is not part of it
            if link in low[2:]:
                cut = low.index(link)
                head_words = words[:cut]
                if sum(1 for w in head_words[-2:] if is_cap(w)) == 2 and not any(
                    w.lower().rstrip(".") in PERSON_TITLES for w in head_words[-2:]
                ):
                    words = head_words
                    break
        descriptor_words, name_words = split_title(words)
        if not name_words:
            return self.add(mention, "anonymous", mention, pos)
        descriptor = (
            " ".join(
                w for w in descriptor_words if w.lower() not in _HONORIFICS and w.lower() != "the"
            )
            or None
        )
        name = " ".join([*name_words[:-1], strip_possessive(name_words[-1])])
        if len(name_words) == 1:
            surname = name
            for k, draft in enumerate(self.drafts):
                if draft.kind == "person" and draft.name.split()[-1] == surname:
                    draft.position = pos
                    if descriptor and not draft.descriptor:
                        draft.descriptor = descriptor
                    return k
            name = self.name_index().get(surname, surname)
            descriptor = descriptor or self.titles.get(name)
        else:
            self.name_index()
            descriptor = descriptor or self.titles.get(name)
            surname = name_words[-1]
            for k, draft in enumerate(self.drafts):
                if draft.kind == "person" and draft.name == surname:
                    draft.name = name
                    draft.position = pos
                    return k
        return self.add(name, "person", descriptor, pos)

    def resolve_pronoun(self, pronoun: str, pos: int) -> int | None:
        if pronoun in PERSON_PRONOUNS or pronoun in ("i", "you"):
            found = self.latest(("person",))
            if found is None:
                found = self.nearest_name_before(pos)
            return found
        if pronoun == "it":
            return self.latest(("organization", "government", "publication", "document"))
        return self.latest(("anonymous", "organization", "government", "person"))

    def nearest_name_before(self, pos: int) -> int | None:
        best: re.Match[str] | None = None
        for m in _NAME_RUN.finditer(self.text, max(0, pos - 600), pos):
            if classify_name(m.group().split()) is None and m.group().split()[0] not in STOP_CAPS:
                best = m
        if best is None:
            return None
        return self.resolve(best.group(), best.start())

    def resolve_definite(self, mention: str, head: str, pos: int) -> int | None:
        head = strip_possessive(head)
        found = self.latest(("government", "organization", "anonymous", "publication"))
        if found is not None and (head in ANONYMOUS_HEADS or head in DOCUMENT_WORDS):
            self.drafts[found].position = pos
            return found
        kind = "document" if head in DOCUMENT_WORDS else "anonymous"
        return self.add(mention, kind, None, pos)

    def resolve_description(self, mention: str, words: list[str], pos: int) -> int | None:
        """'a State Department spokesperson' cites the department; 'an official' stays anonymous."""
        low = [w.lower() for w in words]
        for link in ("for", "at", "of"):
            if link in low:
                rest = words[low.index(link) + 1 :]
                if rest and rest[0].lower() == "the":
                    rest = rest[1:]
                org_kind = classify_name(rest) if rest else None
                if rest and (org_kind in ("government", "organization", "publication")):
                    name = " ".join(rest)
                    return self.add(name, org_kind or "organization", mention, pos)
        inner = [w for w in words[:-1] if is_cap(w)]
        if inner:
            kind = classify_name(inner)
            if kind in ("government", "organization", "publication"):
                return self.add(" ".join(inner), kind, mention, pos)
        return self.add(mention, "anonymous", mention, pos)


def build_attributions(text: str, found: list[_Found]) -> Attributions:
    resolver = _Resolver(text)
    source_of: list[int | None] = []
    for f in found:
        index: int | None = None
        if f.speaker is not None:
            index = resolver.resolve(f.speaker.text, f.speaker.start)
        elif f.inherit_from is not None and f.inherit_from < len(source_of):
            index = source_of[f.inherit_from]
        source_of.append(index)
        if index is not None and f.end == f.start and f.cited not in resolver.drafts[index].cited:
            resolver.drafts[index].cited.append(f.cited)
        if index is not None and f.end > f.start:
            draft = resolver.drafts[index]
            draft.quotes += 1
            cited = "quoted" if f.kind != "indirect" else f.cited
            if cited not in draft.cited:
                draft.cited.append(cited)
            if f.cited not in ("quoted", "reported") and f.cited not in draft.cited:
                draft.cited.append(f.cited)
    add_secondary_citations(text, resolver)
    paragraph_of = paragraph_numbers(text)
    quotes: list[Quote] = []
    for f, index in zip(found, source_of, strict=True):
        if f.end <= f.start:
            continue
        quotes.append(
            Quote(
                text=text[f.start : f.end],
                kind=f.kind,
                start=f.start,
                end=f.end,
                paragraph_index=paragraph_of(f.start),
                cue=f.cue,
                speaker=f.speaker.text if f.speaker else None,
                speaker_start=f.speaker.start if f.speaker else None,
                speaker_end=f.speaker.end if f.speaker else None,
                source_index=index,
            )
        )
    sources = tuple(
        Source(d.name, d.kind, d.descriptor, tuple(d.cited), d.quotes) for d in resolver.drafts
    )
    return Attributions(tuple(quotes), sources)


def add_secondary_citations(text: str, resolver: _Resolver) -> None:
    """Publications cited in passing ('notes the Post, which first reported ...')."""
    for m in _CITE_AFTER.finditer(text):
        name = m.group(1)
        words = name.split()
        if classify_name(words) != "publication" and classify_name(["The", *words[1:]]) != (
            "publication"
        ):
            continue
        index = resolver.resolve(name, m.start(1))
        if index is None:
            continue
        draft = resolver.drafts[index]
        if "reported" not in draft.cited:
            draft.cited.append("reported")
        tail = text[m.end(1) : m.end(1) + 60]
        if _FIRST_REPORTED.search(tail) and "first_reported" not in draft.cited:
            draft.cited.append("first_reported")


def paragraph_numbers(text: str) -> Callable[[int], int]:
    starts = [s for s, _ in split_paragraphs(text)]

    def number(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    return number


def extract_attributions(text: str, skip_spans: Sequence[tuple[int, int]] = ()) -> Attributions:
    """Quotes, indirect speech and cited sources of a plain-text article; never raises."""
    try:
        if not text or not text.strip():
            return Attributions()
        found = extract_found(text, skip_spans)
        return build_attributions(text, found)
    except Exception:
        return Attributions()

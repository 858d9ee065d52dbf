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
    "describing remembered demanded insists recalls responded writes proclaimed interjected "
    "snapped chimed riffed chided scoffed sniffed laughed deadpanned marveled marvelled "
    "gushed griped grumbled pleaded implored cracked teased answered"
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
    "call calls called calling read reads proclaimed proclaims sang sings barked beamed "
    "assured reacted retaliated cried hollered boomed bellowed sneered fired shot"
)

AUX_WORDS = words(
    "also later then has had have would will once recently previously further quickly simply "
    "reportedly repeatedly flatly again initially earlier just often frequently has've is was "
    "were are been be being had't never not only still even already long both all"
)
# Modals and 'do' forms between a subject and its verb ('did not respond', 'could argue').
_MODALS = words(
    "did does do can could may might should must shall didn't doesn't don't can't couldn't "
    "won't wouldn't hasn't haven't hadn't isn't aren't wasn't weren't shouldn't "
    "didn’t doesn’t don’t can’t couldn’t won’t wouldn’t "
    "hasn’t haven’t hadn’t isn’t aren’t wasn’t weren’t"
)

LOOSE_DETERMINERS = words("a an the one some several many two three another each every other")

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
    "donors backers allies ally rival rivals opponent opponents challenger nominee media "
    "outlets networks "
    "frontrunner front-runner hopeful contender incumbent billionaire businessman mogul"
)
# Evidence and polling nouns that speak for themselves ('FEC records show', 'polling finds').
_EVIDENCE_WORDS = words(
    "polling records results filings figures numbers estimates tallies emails findings "
    "projections documents surveys studies polls reports data analyses exit entrance "
    "returns transcripts footage video videos photos ledgers calculations"
)
# Quantities that stand for the people polled ('47 percent said', 'six in 10 say').
QUANTITY_HEADS = words(
    "percent % half majority majorities minority plurality third thirds quarter quarters "
    "two-thirds three-quarters three-fourths one-third one-quarter fifth fifths"
)
_QUANTITY_WORDS = words(
    "about nearly almost roughly around only just over under more than less fewer a mere "
    "some in of the all five four three two one six seven eight nine ten every least at "
    "among"
)
NP_WORD_SET = frozenset(_NP_WORDS) | _EVIDENCE_WORDS

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
    "They His Her Their Our My Its Perhaps Likewise Once Ever Back Having Holding Details "
    "Hours All Or Nor Every Each Whatever Whoever Maybe Sure Yet Until Unless Whether "
    "Following Related Update Updated Photo Video Getty Soon Based Between Beyond Behind "
    "Around Along Across Toward Towards Upon Alongside Ahead Amid Near Inside Outside"
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
    "democrat libertarian independent conservative liberal progressive "
    "presidential frontrunner front-runner hopeful billionaire businessman mogul host anchor "
    "campaign u.s. us house senate white majority minority whip party national lt. first lady "
    "engineer economist scientist historian analyst researcher commander captain sergeant "
    "councillor councilor councilman councilwoman alderman "
    "officer lieutenant colonel major master pastor reverend envoy consul marshal trooper "
    "warden provost dean rector"
)

GOVERNMENT_WORDS = words(
    "department ministry police government council administration agency bureau commission "
    "office senate congress house parliament pentagon kremlin fbi cia nsa embassy military "
    "army navy court committee cabinet state legislature authority authorities service"
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
    "emails transcript indictment affidavit brief motion records polling filings surveys ad "
    "ads commercial commercials note notes editorial editorials book article headline "
    "studies reports findings tallies ledgers"
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
    "p.m ala ariz ark calif colo conn fla ga ill kan ky md mich minn mo mont neb nev okla "
    "ore pa tenn tex va vt wis wyo n.h n.j n.m n.y n.c n.d s.c s.d r.i"
)

# --------------------------------------------------------------------------- regexes

_NON_EMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")
_QUOTE_MARK = re.compile(r"''|``|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_TOKEN = re.compile(r"([^\W_](?:[\w'\u2019&\-]|\.(?=\w))*)(\.?)|[,;:!?()\u2014\u2013\u2015]")
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019\u201c\u00bb)]*(?=\s+[\"'\u201c\u2018\u201e\u00ab(\[]{0,2}\s?[A-Z0-9])"
)
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\u2019\-]+(?:[ ,]+[A-Z][A-Za-z.'\u2019\-]+){0,3}"
    r"(?:,\s+\w{3,9}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,30}\)\s*)?(?:--|[\-\u2013\u2014\u2015])\s*"
)
_OPENING_MARKS = "\"'`\u201c\u201e\u00ab"
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
_TOLD = words("told tells tell")
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
        word, period = m.groups()
        start, end = m.span()
        if (
            not period  # also true of punctuation, whose word is None
            or len(word) == 1
            or "." in word
            or word.lower() in ABBREVIATIONS
        ):
            out.append((m.group(), start, end))
        else:
            out.append((word, start, end - 1))
            out.append((".", end - 1, end))
    return tuple(out), tuple([t[1] for t in out])


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


def precedes_noun(toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether toks[j] modifies a name or role noun ('unaligned Florida strategist')."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1][0]
    return (is_cap(nxt) and nxt not in STOP_CAPS) or nxt.lower() in NP_WORD_SET


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
        # 'one well-connected Democrat': after a determiner any plain word may follow;
        # 'the note says': a cue-like noun right before the cue is the head
        if not is_np_token(tok) and not (
            loose
            and tok[:1].islower()
            and low not in NP_STOP
            and (
                low not in CONTENT_VERBS
                or (j + 1 < len(toks) and toks[j + 1][0].lower() in DIRECT_CUES)
            )
            and j - i < 6
            and last_head == i
            and not (low.endswith("ed") and not precedes_noun(toks, j))
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

    quantity = scan_quantity_left(toks, j)
    if quantity < j:
        return quantity
    if toks[j - 1][0].lower() in _QUANTIFIER_PRONOUNS and (
        j == 1
        or toks[j - 2][0] in (",", ";", "\u2014")
        or toks[j - 2][0].lower() in _CLAUSE_OPENERS
    ):
        return j - 1  # 'but others say', 'Some have argued': a quantifier standing alone
    if not is_head_token(toks[j - 1][0]):
        start = bare_plural_start(toks, j - 1)
        if start is not None:
            # ', forecasters say': a plural noun opening its clause speaks for a group
            if start > 0 and (
                toks[start - 1][0].lower() in _PLURAL_MODIFIERS
                or (start == 1 and is_cap(toks[0][0]) and toks[0][0] not in STOP_CAPS)
            ):
                return start - 1  # 'Multiple outlets', 'Several economists'
            return start
        # 'one person', 'the bespectacled diplomat': a plain noun after a determiner
        for d in range(j - 2, max(-1, j - 5), -1):
            low = toks[d][0].lower()
            if low in LOOSE_DETERMINERS and not toks[d][0].isupper():
                if all(
                    _WORD.fullmatch(t[0])
                    and t[0].lower() not in NP_STOP
                    and t[0].lower() not in CONTENT_VERBS
                    and "'" not in t[0]
                    and "\u2019" not in t[0]
                    for t in toks[d + 1 : j]
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
            # 'a spokesman for the ministry': the link joins a role to its employer
            if (
                i > 1
                and toks[i - 1][0].lower() in NP_LINKS
                and strip_possessive(toks[i - 2][0].lower()) in ANONYMOUS_HEADS | PERSON_TITLES
            ):
                continue
            break
    # A link word cannot open the phrase.
    while i < j and toks[i][0].lower() in NP_LINKS:
        i += 1
    if i < j and not is_cap(toks[i][0]) and toks[i][0].lower() not in DETERMINERS:
        i = extend_to_determiner(toks, i)
    return i


_NP_OPENERS = words("the a an his her their its our one some several many other another")


def extend_to_determiner(toks: list[tuple[str, int, int]], i: int) -> int:
    """'the billionaire real estate mogul': plain lower-case modifiers between a
    determiner and a role noun belong to the phrase."""
    for d in range(i - 1, max(-1, i - 4), -1):
        tok = toks[d][0]
        low = tok.lower()
        if low in _NP_OPENERS and (tok.islower() or tok[1:].islower() or tok == "A"):
            return d
        if (
            not _WORD.fullmatch(tok)
            or not tok.islower()
            or low in NP_STOP
            or low in CONTENT_VERBS
            or low in _STANCE_VERBS
            or low in _PREPOSITIONS
            or low.endswith(("ly", "ing"))
            or "'" in tok
            or "’" in tok
        ):
            return i
    return i


# Plural nouns for kinds of people ('forecasters', 'economists', 'Republicans').
_AGENT_PLURALS = (
    "ers", "ists", "ians", "ants", "ents", "ors", "ives", "ics", "ites", "ans", "yees", "dees",
    "ttees", "stees",
)
_QUANTIFIER_PRONOUNS = words(
    "some many others both most several few everyone everybody nobody none another those"
)
_PLURAL_MODIFIERS = words("many several multiple some other most few numerous all both")
_CLAUSE_OPENERS = words(
    "and but while as because that although though since if so where when after before"
)


def is_bare_plural(toks: list[tuple[str, int, int]], k: int) -> bool:
    """A lower-case plural noun right after a clause boundary ('while economists say')."""
    return bare_plural_start(toks, k) is not None


def bare_plural_start(toks: list[tuple[str, int, int]], k: int) -> int | None:
    """Start of the modifiers of a lower-case plural noun toks[k] that opens its clause
    ('while Iowa biofuels advocates say'), or None when toks[k] is no such plural."""
    tok = toks[k][0]
    low = tok.lower()
    if (
        not _WORD.fullmatch(tok)
        or not tok[:1].islower()
        or not low.endswith("s")
        or low.endswith(("ss", "us", "is", "ous"))
        or len(low) < 4
        or low in NP_STOP
        or low in CONTENT_VERBS
    ):
        return None
    plain = 0
    while k > 1 and toks[k - 1][0][:1].isalpha() and (
        (is_cap(toks[k - 1][0]) and toks[k - 1][0] not in STOP_CAPS)
        or toks[k - 1][0].lower() in NP_WORD_SET
        or (plain < 2 and is_plain_modifier(toks[k - 1][0]) and (plain := plain + 1))
    ):
        k -= 1  # 'Chinese military commentators', 'Iowa biofuels advocates'
    prev = toks[k - 1][0] if k else ""
    if (
        k == 0
        or prev in (",", "\u2014", ";", ":")
        or prev.lower() in _CLAUSE_OPENERS
        or prev.lower() in _PLURAL_MODIFIERS
        or (k == 1 and is_cap(prev) and prev not in STOP_CAPS)
    ):
        return k
    return None


def is_plain_modifier(token: str) -> bool:
    """A plain lower-case noun that can modify a plural ('abortion rights advocates')."""
    low = token.lower()
    return (
        token.isalpha()
        and token.islower()
        and low not in NP_STOP
        and low not in DETERMINERS
        and low not in CONTENT_VERBS
        and low not in _STANCE_VERBS
        and low not in _PREPOSITIONS
        and low not in AUX_WORDS
        and low not in _CLAUSE_OPENERS
        and low not in _DANGLING
        and low not in _MODIFIER_STOPS
        and low not in _PLURAL_MODIFIERS
        and low not in _QUANTIFIER_PRONOUNS
        and not low.endswith(("ly", "ed", "ing"))
    )


_MODIFIER_STOPS = words("where through via because unless until whether than then so")


def is_number(token: str) -> bool:
    low = token.lower().rstrip("%")
    return low.replace(",", "").replace(".", "").isdigit() or low in _NUMBER_WORDS or (
        "-" in low and all(part in _NUMBER_WORDS for part in low.split("-"))
    )


_NUMBER_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred"
)


def scan_quantity_left(toks: list[tuple[str, int, int]], j: int) -> int:
    """'Nearly half', '47 percent', 'six in 10', 'a majority of voters' before a verb."""
    if j <= 0:
        return j
    last = toks[j - 1][0].lower()
    i = j - 1
    if last not in QUANTITY_HEADS and not (is_number(last) and i > 0 and toks[i - 1][0] == "in"):
        if not (last.endswith("s") and i > 1 and toks[i - 1][0] == "of"):
            return j
        # 'a majority of voters': the quantity heads a plural
        if toks[i - 2][0].lower() not in QUANTITY_HEADS:
            return j
        i -= 2
    if last.endswith("%") and not is_number(last):
        return j
    while i > 0 and j - i < 8:
        low = toks[i - 1][0].lower()
        if is_number(low) or low in _QUANTITY_WORDS or low in QUANTITY_HEADS:
            i -= 1
            continue
        break
    while i < j - 1 and toks[i][0].lower() in ("in", "of", "among", "at"):
        i += 1
    if i == j - 1 and last in ("half", "majority", "minority", "third", "quarter"):
        return j  # a bare 'half said' is too thin without a quantity word before it
    return i


def skip_aux_left(toks: list[tuple[str, int, int]], j: int, modals: bool = False) -> int:
    """Step left over auxiliaries and adverbs between a subject and its verb (and over
    modals and 'did not' with modals=True)."""
    steps = 0
    while j > 0 and steps < 3:
        low = toks[j - 1][0].lower()
        if (
            low in AUX_WORDS
            or (modals and low in _MODALS)
            or (low.endswith("ly") and len(low) > 4 and not is_cap(toks[j - 1][0]))
        ):
            j -= 1
            steps += 1
            continue
        break
    return j


_DANGLING = words(
    "where when first same rest ago of if did does do so last than the a an his her their "
    "its our that this for with to as whether about from which who whose"
)
_ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "ic", "al", "able", "ible", "less", "est")


def is_dangling(last: str) -> bool:
    """A phrase ending in a function word or an adjective ('the caustic', 'one of') is a
    noun phrase cut short, not a speaker."""
    low = last.lower()
    if low in _DANGLING:
        return True
    if not last.isalpha() or not last.islower() or low in NP_WORD_SET or low in _GROUP_HEADS:
        return False
    return low.endswith(_ADJECTIVE_ENDINGS) and low not in QUANTITY_HEADS


def make_speaker(text: str, toks: list[tuple[str, int, int]], i: int, j: int) -> _Speaker | None:
    # 'WASHINGTON President Obama': a dateline in capitals is not part of the speaker
    while i < j - 1 and len(toks[i][0]) > 4 and toks[i][0].isupper():
        i += 1
    if j - i > 1 and toks[i][0].lower() == "that" and (
        is_cap(toks[i + 1][0]) or toks[i + 1][0].lower() in DETERMINERS
    ):
        # 'said that Duarte wanted': the complementizer is not part of the subject
        i += 1
    if j <= i:
        return None
    start, end = toks[i][1], toks[j - 1][2]
    span = text[start:end].rstrip(",")
    if not span or span.endswith(("'s", "\u2019s", "s'", "s\u2019", "n't", "n\u2019t")):
        return None
    lone = (j - i == 1 and text[max(0, toks[i][1] - 1) : toks[i][1]] not in ("", "\n")) or (
        # 'the NAACP': a determiner and an acronym
        j - i == 2 and toks[i][0].lower() == "the" and toks[j - 1][0].isalpha()
        and len(toks[j - 1][0]) <= 6
    )
    if sum(1 for t in toks[i:j] if len(t[0]) > 4 and t[0].isupper() and t[0].isalpha()) > lone:
        # headlines and datelines in capitals are not speakers; a lone acronym
        # ('BFMTV reported') is a name
        return None
    if is_dangling(toks[j - 1][0]):
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
    # '..., conceding the race': a participle opens a new clause, it does not invert a cue;
    # '..., told Reuters': the one told is the object, not an inverted speaker
    if first in _TOLD:
        return None
    if first in DIRECT_CUES and not name_like and not first.endswith("ing"):
        # 'Read said' names a person called Read
        stop = scan_np_right(toks, k + 1)
        speaker = make_speaker(text, toks, k + 1, stop)
        if speaker is None or not is_cap(speaker.text):
            named = name_after_description(text, toks, k + 1) or name_after_role(
                text, toks, k + 1
            )
            if named is not None:
                return named[0], toks[k][0], named[1]
        if speaker is not None and stop < len(toks) and toks[stop][0].lower() in AUX_WORDS:
            return None  # 'said the rent had doubled': the phrase opens the content
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
        # 'Ramos, 58, told' / 'Ramos, 58, a retired nurse in Lyon, France, said': step
        # over up to three comma-separated appositives to the cue
        m = verb
        for _ in range(4):
            m += 1
            while m < len(toks) and m - verb < 40 and toks[m][0] not in (",", ";", ":"):
                m += 1
            if m >= len(toks) or toks[m][0] != ",":
                break
            after_comma = skip_aux_right(toks, m + 1)
            if after_comma < len(toks) and toks[after_comma][0].lower() in DIRECT_CUES:
                verb = after_comma
                break
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


def name_after_role(
    text: str, toks: list[tuple[str, int, int]], i: int
) -> tuple[_Speaker, int] | None:
    """'said retired general Ada Mroz' / 'said master of ceremonies Ben Ortiz': a few
    lower-case role words run straight into the name."""
    c = i
    while c < len(toks) and c - i < 5 and _WORD.fullmatch(toks[c][0]) and not is_cap(toks[c][0]):
        if toks[c][0].lower() in NP_STOP - NP_LINKS or toks[c][0].lower() in DETERMINERS:
            return None
        c += 1
    if c == i or c >= len(toks) or not is_cap(toks[c][0]) or toks[c][0] in STOP_CAPS:
        return None
    stop = scan_np_right(toks, c)
    if stop <= c or not all(is_cap(t[0]) or t[0].lower() in NP_LINKS for t in toks[c:stop]):
        return None
    speaker = make_speaker(text, toks, i, stop)
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
            if speaker is not None and speaker.text.lower() in PRONOUNS and stop < n:
                # 'said it would ...': a pronoun after the cue opens the content
                speaker = None
            if tok.lower() in _OBJECT_CUES:
                speaker = None  # 'telling Reuters': the one told is not the speaker
        if speaker is not None:
            return speaker, tok
        return None
    return None


# Participles that give the name of what an indefinite noun stands for ('a firm called
# Acme', 'a website dubbed "The Ledger"'), and what a name after them starts with.
_NAMING_VERBS = words("called dubbed named")
_NAME_AHEAD = re.compile(r"\s+(?:the\s+)?[\"'\u201c\u2018#]*[A-Z0-9]")


def subject_of(
    text: str, toks: list[tuple[str, int, int]], v: int, clause_start: int, modals: bool = False
) -> _Speaker | None:
    """Subject of the verb toks[v], stepping over an appositive ('Ramos, 58, told')."""
    found = find_subject_of(text, toks, v, clause_start, modals)
    if found is None:
        return None
    found_words = found.text.split()
    head = strip_possessive(found_words[-1].lower())
    low = toks[v][0].lower()
    if (
        low in _NAMING_VERBS
        and found_words[0].lower() in ("a", "an")
        and _NAME_AHEAD.match(text, toks[v][2]) is not None
    ):
        return None  # 'a group called Citizens for Progress': the verb names, nobody speaks
    if low not in NOUN_LIKE_VERBS and low not in _NOUNY_VERBS:
        return found
    if head in _EVIDENCE_WORDS or head in DOCUMENT_WORDS:
        return found
    # 'a phone call', 'the fears', 'the Paris attacks', 'a subsequent note': a noun
    # after a determiner and its modifiers, not a verb
    first = found_words[0].lower()
    if first in ("a", "an") or (
        head in NP_WORD_SET and not is_cap(found_words[-1]) and first in DETERMINERS
    ):
        return None
    if len(found_words) == 1 and is_intro_word(found_words[0]):
        return None  # 'Facing questions, ...': a participle and its object
    if (
        first in DETERMINERS
        and len(found_words) > 1
        and is_cap(found_words[-1])
        and classify_name(found_words) is None
    ):
        return None
    return found


def find_subject_of(
    text: str, toks: list[tuple[str, int, int]], v: int, clause_start: int, modals: bool = False
) -> _Speaker | None:
    if toks[v][0].lower().endswith("ing") and v > 0:
        if toks[v - 1][0] != ",":
            # 'with Duarte saying': the noun right before a participle speaks only after
            # 'with'; 'answered on the radio saying' belongs to the clause subject
            i = scan_np_left(toks, v)
            if 0 < i < v and toks[i - 1][0].lower() == "with":
                return make_speaker(text, toks, i, v)
        found = find_subject(text, clause_start, toks[v][1])
        return found if found is not None and found.end <= toks[v][1] else None
    left = skip_aux_left(toks, v, modals)
    if left > 0 and toks[left - 1][0] == ",":
        # 'Name, a description, said' or 'Name, 58, who lives nearby, said': step back
        # over up to three comma-separated appositives to the name that opens them
        k = left - 1
        for _ in range(3):
            k -= 1
            while k >= 0 and left - k < 40 and toks[k][0] not in (",", ";", ":", "(", ")"):
                k -= 1
            if k < 0 or toks[k][0] != ",":
                return None
            i = scan_np_left(toks, k)
            if i > 0 and toks[i - 1][0].lower() in _PREPOSITIONS:
                continue  # 'speaking at a rally in Wilmington, N.C.,': an object, not the name
            if i < k and (is_cap(toks[i][0]) or toks[i][0].lower() in DETERMINERS):
                return make_speaker(text, toks, i, k)
        return None
    if left > 1 and toks[left - 1][0] in _DASHES:
        # 'Democrats -- and some Republicans -- say': step over the aside between dashes
        for k in range(left - 2, max(-1, left - 15), -1):
            if toks[k][0] in _DASHES:
                i = scan_np_left(toks, k)
                return make_speaker(text, toks, i, k) if i < k else None
        return None
    if left > 0 and toks[left - 1][0].lower() in ("and", "but"):
        found = find_subject(text, clause_start, toks[left - 1][1])
        return found if found is not None and found.end <= toks[v][1] else None
    qualified = qualified_subject(toks, left)
    if qualified < left:
        return make_speaker(text, toks, qualified, left)
    i = scan_np_left(toks, left)
    if i == left or (i > 0 and toks[i - 1][0].lower() in _PREPOSITIONS):
        # 'Duarte at the time said', 'Duarte on Tuesday said': the phrase before the verb
        # is an adverbial; the subject stands before its preposition
        k = skip_adverbial_left(toks, left)
        if k < left:
            i2 = scan_np_left(toks, k)
            if i2 < k and is_cap(toks[i2][0]) and is_head_token(toks[k - 1][0]):
                return make_speaker(text, toks, i2, k)
    if i == left:
        i, left = scan_modified_head(toks, left)
    return make_speaker(text, toks, i, left)


# 'people familiar with the talks', 'a source close to the campaign', 'officials briefed
# on the plan': an anonymous source described by its access.
_ACCESS_WORDS = words("familiar close briefed knowledgeable privy")
_ACCESS_LINKS = words("with to on about")
_ACCESS_HEADS = ANONYMOUS_HEADS | words("person people sources officials those")


def qualified_subject(toks: list[tuple[str, int, int]], j: int) -> int:
    """Start of 'people familiar with the talks' (or 'people with knowledge of the talks')
    ending just before toks[j], or j when the words before toks[j] are not such a phrase."""
    for q in range(j - 2, max(0, j - 12), -1):
        tok = toks[q][0]
        if not _WORD.fullmatch(tok):
            return j
        low = tok.lower()
        nxt = toks[q + 1][0].lower()
        access = low in _ACCESS_WORDS and nxt in _ACCESS_LINKS
        knowledge = low == "with" and nxt in ("knowledge", "direct", "detailed") and any(
            t[0].lower() == "knowledge" for t in toks[q + 1 : q + 4]
        )
        if access or knowledge:
            if strip_possessive(toks[q - 1][0].lower()) not in _ACCESS_HEADS:
                return j
            i = scan_np_left(toks, q)
            return i if i < q else j
        if low in NP_STOP - words("to about on with") or low in CONTENT_VERBS:
            return j
    return j


_TIME_WORDS = words(
    "monday tuesday wednesday thursday friday saturday sunday week month year night morning "
    "afternoon evening today yesterday time weekend last this next earlier later recently "
    "statement interview"
)


def skip_adverbial_left(toks: list[tuple[str, int, int]], j: int) -> int:
    """Start of a short time or manner phrase ending at toks[j] ('on Tuesday', 'at the
    time', 'last week', 'in a statement'), or j when there is none."""
    for k in range(j - 1, max(-1, j - 5), -1):
        low = toks[k][0].lower()
        if not toks[k][0][:1].isalnum():
            return j
        if low in _PREPOSITIONS or (low in ("last", "this", "earlier") and k == j - 2):
            inner = [t[0].lower() for t in toks[k + 1 : j]]
            if inner and all(w in _TIME_WORDS or w in DETERMINERS for w in inner) and any(
                w in _TIME_WORDS for w in inner
            ):
                return k
            return j
    return j


_DASHES = ("\u2014", "\u2013", "\u2015")
_PREPOSITIONS = words(
    "in at of for from with on by to near outside inside into across over under about "
    "against during after before like including"
)
_MODIFIER_WORDS = words(
    "of in on from by for at among with this last next the a an out week month year weekend "
    "earlier late early over between and online"
)


def scan_modified_head(toks: list[tuple[str, int, int]], j: int) -> tuple[int, int]:
    """'A poll of likely voters released on Tuesday (showed)': the head noun before a
    trail of prepositional and participle modifiers, as (start, end) token indices."""
    for m in range(j - 1, max(-1, j - 12), -1):
        tok = toks[m][0]
        low = strip_possessive(tok.lower())
        if m < j - 1 and (
            low in DOCUMENT_WORDS or low in _EVIDENCE_WORDS or low in ANONYMOUS_HEADS
            or low in _GROUP_HEADS
        ) and not is_cap(tok):
            i = scan_np_left(toks, m + 1)
            t = i - 1
            while t >= 0 and (is_number(toks[t][0]) or toks[t][0].lower() in DETERMINERS):
                t -= 1
            if t >= 0 and i <= m and toks[t][0].lower() in ("of", "among", "by", "from", "for"):
                continue  # 'a poll of 800 residents': the residents modify the poll
            return (i, m + 1) if i <= m else (j, j)
        if not (
            low in _MODIFIER_WORDS
            or (low.endswith("ed") and not is_cap(tok))
            or is_cap(tok)
            or is_number(low)
        ) or low in ("said", "told", "called"):
            break
    return j, j


_SUBORDINATE_OPENERS = _PREPOSITIONS | words(
    "as when while if because since although though once until unlike"
)
_INTRO_PREPOSITIONS = words("Amid Despite Following Citing Given Unlike Like Against Ahead")


def is_intro_word(token: str) -> bool:
    """A capitalised word opening an introductory phrase ('Hastily', 'Politicizing',
    'Amid', 'Chastened'), which runs up to its comma before the subject."""
    if token in _INTRO_PREPOSITIONS:
        return True
    return (
        token[:1].isupper()
        and token[1:].islower()
        and (token.endswith(("ly", "ing")) or (token.endswith("ed") and len(token) > 6))
    )


def find_subject(text: str, start: int, end: int) -> _Speaker | None:
    """The noun phrase opening a clause, used for 'X did Y, saying ...' constructions."""
    toks = tokenize_span(text, start, min(end, start + 200))
    k = 0
    for c in range(min(len(toks), 5)):
        if toks[c][0] == ":":
            k = c + 1  # 'Worth noting: The ministry ...' starts after the label
    while k < len(toks) and (
        toks[k][0] in STOP_CAPS
        or toks[k][0] in (",",)
        or is_intro_word(toks[k][0])
        or (k > 0 and toks[k][0] in AUX_WORDS)  # 'Hours later, ...'
    ):
        if toks[k][0] in ("In", "On", "At", "After", "During", "Asked", "Speaking") or (
            is_intro_word(toks[k][0])
        ):
            # skip the whole introductory phrase up to its comma
            while k < len(toks) and toks[k][0] != ",":
                k += 1
        k += 1
    if k < len(toks) and toks[k][0].lower() in _SUBORDINATE_OPENERS:
        # 'As part of the exchange, Gowdy ...': an adverbial clause before the subject
        comma = next((c for c in range(k + 1, min(len(toks), k + 25)) if toks[c][0] == ","), None)
        if comma is not None:
            k = comma + 1
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
        if len(_WORD.findall(rest)) > 8 or opens_object(text, cue_end, e, cue):
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
        if not progressive and any(
            t[0].lower() in _PASSIVE_BE for t in toks[skip_aux_left(toks, v, True) : v]
        ):
            continue  # 'Roof is accused of ...', 'the race was called': no one speaks
        subject = subject_of(text, toks, v, s)
        if subject is None:
            continue
        pos = toks[v][2]
        if low in _OBJECT_CUES and v + 1 < len(toks):
            stop = scan_np_right(toks, v + 1)
            if stop > v + 1:
                pos = toks[stop - 1][2]
        pos = skip_fillers(text, pos, e, keep_that=True)
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


_OBJECT_OPENERS = DETERMINERS - words("this that") | words("that whether how why what")


_FIRST_WORD = re.compile(r"\s*([A-Za-z][\w'\u2019\-]*)")


def opens_object(text: str, pos: int, end: int, cue: str) -> bool:
    """Whether the words after a trailing cue are its own object ('..., Duarte stressed
    the threat that ...'), so the cue does not close the sentence's content. Time
    phrases, 'in a statement' and 'told reporters' leave the cue trailing."""
    that = _FIRST_WORD.match(text, pos, end)
    if that is not None and that.group(1).lower() == "that":
        return True  # '..., and he said that the plan failed': the cue opens a clause
    pos = skip_fillers(text, pos, end)
    first = _FIRST_WORD.match(text, pos, end)
    if first is None:
        return False
    low = first.group(1).lower()
    if cue.lower() in _OBJECT_CUES:
        return low in ("that", "whether", "how", "why", "what")
    return low in _OBJECT_OPENERS


def skip_fillers(text: str, pos: int, end: int, keep_that: bool = False) -> int:
    """Skip time phrases, 'in a statement' and 'that' between a cue and its content.

    keep_that: the content starts at its complementizer ('that the plan failed'), as
    PolNeAR marks reported clauses.
    """
    start = pos
    for _ in range(4):
        moved = False
        for rx in (_TIME_PHRASE, _IN_PHRASE, _THAT):
            m = rx.match(text, pos, end)
            if m and m.end() > pos:
                pos = m.end()
                moved = True
        if not moved:
            break
    if keep_that:
        that = _THAT_WORD.search(text, start, pos)
        if that is not None:
            return that.start()
    return pos


_THAT_WORD = re.compile(r"\bthat\b", re.IGNORECASE)


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
    pos = skip_fillers(text, toks[v][2], e, keep_that=True)
    cs, ce = trim_span(text, pos, e)
    if word_count(text[cs:ce]) < 2:
        return None
    return cs, ce, speaker, toks[v][0], "reported"


def according_to(
    text: str, s: int, e: int, a: int, b: int
) -> tuple[int, int, _Speaker, str, str] | None:
    toks = tokenize_span(text, b, e)
    found = according_speaker(text, toks)
    if found is None:
        return None
    speaker, np_end = found
    before = trim_span(text, s, a)
    if word_count(text[before[0] : before[1]]) >= 3:
        return before[0], before[1], speaker, "according to", "according_to"
    after = trim_span(text, np_end, e)
    if word_count(text[after[0] : after[1]]) >= 3:
        return after[0], after[1], speaker, "according to", "according_to"
    return None


def according_speaker(
    text: str, toks: list[tuple[str, int, int]]
) -> tuple[_Speaker, int] | None:
    """Who 'according to' names, with the end of its phrase: 'the Ledger'; 'one of his
    aides' (the whole phrase); 'an analysis by the Ledger' and 'data from Statista' (the
    body that made the document)."""
    stop = scan_np_right(toks, 0)
    speaker = make_speaker(text, toks, 0, stop)
    if (
        stop < len(toks) - 1
        and toks[stop][0].lower() in ("of", "by", "from")
        and (speaker is None or not is_cap(speaker.text.split()[-1]))
    ):
        link = toks[stop][0].lower()
        agent_stop = scan_np_right(toks, stop + 1)
        agent = make_speaker(text, toks, stop + 1, agent_stop)
        if agent is not None and link in ("by", "from") and is_cap(agent.text.split()[-1]):
            return agent, toks[agent_stop - 1][2]
        if agent is not None and link == "of" and (
            speaker is None or strip_possessive(speaker.text.split()[-1].lower()) in (
                _QUANTIFIER_PRONOUNS | _NUMBER_WORDS | QUANTITY_HEADS | words("one")
            )
        ):
            whole = make_speaker(text, toks, 0, agent_stop)
            if whole is not None:
                return whole, toks[agent_stop - 1][2]
    if speaker is None:
        return loose_cited_phrase(text, toks)
    last = toks[stop - 1][0]
    if last.islower() and strip_possessive(last) not in NP_WORD_SET:
        # 'the recent' of 'the recent 50-state poll': the scan stopped on a modifier
        loose = loose_cited_phrase(text, toks)
        if loose is not None and loose[1] > speaker.end:
            return loose
    return speaker, toks[stop - 1][2]


# Words that end the plain noun phrase after 'according to' ('early returns from ...').
_LOOSE_PHRASE_STOP = NP_STOP | _PREPOSITIONS | _ACCESS_WORDS | words(
    "where because if since so nor yet though although whether what how why present"
)


def loose_cited_phrase(
    text: str, toks: list[tuple[str, int, int]]
) -> tuple[_Speaker, int] | None:
    """The plain noun phrase after 'according to' that names no one by a name or a role
    word: 'early returns', 'the county's tally', 'one senior aide', up to the first
    clause word, preposition, participle or punctuation."""
    j = 0
    while j < len(toks) and j < 6:
        tok = toks[j][0]
        low = tok.lower()
        if (
            not tok[:1].isalnum()
            or low in _LOOSE_PHRASE_STOP
            or low in PRONOUNS
            or low in _OBJECT_PRONOUNS
        ):
            break
        if (
            j > 0
            and low.endswith("ed")
            and not is_cap(tok)
            and toks[j - 1][0].lower() not in DETERMINERS
            and not toks[j - 1][0].lower().endswith("ly")
        ):
            break  # 'the schedule published Thursday': the participle opens a clause
        if low in SAY_VERBS or low in AUX_WORDS:
            break
        j += 1
    if j == 0 or toks[j - 1][0].lower() in DETERMINERS:
        return None
    speaker = make_speaker(text, toks, 0, j)
    if speaker is None:
        return None
    return speaker, toks[j - 1][2]


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
    all_sentences: list[tuple[int, int]] = []
    consumed = 0  # end of a cue sentence already used by the quote before it
    for pi, (ps, pe) in enumerate(paragraphs):
        if in_skip(ps, skip_spans):
            prev_par_quote = None
            continue
        signed = signature_of(text, ps, pe)
        if signed is not None and found and found[-1].paragraph == pi - 1:
            # '"..."' then a line '- Duarte.': the dash signs the quotes above it
            for f in found:
                if f.paragraph == pi - 1 and f.end > f.start and f.speaker is None:
                    f.speaker, f.cue, f.inherit_from = signed, "\u2014", None
            continue
        segs = per_par[pi]
        lead = _LEAD_JUNK.match(text, ps, pe)
        body_start = lead.end() if lead else ps
        dateline = _DATELINE.match(text, body_start, pe)
        if dateline is not None:
            body_start = dateline.end()  # 'WASHINGTON (AP) — ': the place is not a subject
        headline = headline_label(text, body_start, pe)
        if headline is not None:
            # 'Okafor: Harbour plan will fail.': a headline that gives its source first
            headline_speaker, content_start = headline
            found.append(_Found(pe, pe, "indirect", pi, ":", headline_speaker, "reported"))
            body_start = content_start
        par_first = len(found)
        sentences = find_sentences(text, body_start, pe, segs)
        all_sentences.extend(sentences)
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
                label = (
                    colon_label(text, prev_end, qs) if stripped_prefix.endswith(":") else None
                )
                if label is not None:
                    before: tuple[_Speaker, str] | None = (label, ":")
                else:
                    before = find_cue_before(text, prev_end, qs) if introduced else None
                if after is None and before is None and opening and qe >= se - 2:
                    loose = text[qs:qe].rstrip("\"'\u201d\u2019 ")[-1:] in ("?", "!")
                    after = cue_in_next_sentence(text, qe, pe, loose)
                    if after is not None:
                        consumed = after[2]
                quote = _Found(qs, qe, "direct", pi, None, None, "quoted")
                label = transcript_label(text, qs, qe)
                if label is not None and after is None and before is None:
                    after = (label, ":", label.end)
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
            if ss < consumed and not handled_direct:
                continue  # the cue sentence of the quote before: 'Duarte asked, smiling.'
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
        if par_text.endswith(":") and all(f.end <= f.start for f in found[par_first:]):
            speaker_cue = find_cue_before(text, body_start, len(par_text) + body_start)
            if speaker_cue is not None:
                pending_colon = _Found(
                    pe, pe, "direct", pi, speaker_cue[1], speaker_cue[0], "quoted"
                )
                found.append(pending_colon)
        direct_here = [k for k in range(par_first, len(found)) if found[k].kind == "direct"]
        prev_par_quote = direct_here[-1] if direct_here else None
    attribute_orphans(text, found, all_sentences)
    widen_partial_quotes(text, found, all_sentences)
    add_relayed_quotes(text, found, all_sentences)
    return found


def widen_partial_quotes(
    text: str, found: list[_Found], sentences: Sequence[tuple[int, int]]
) -> None:
    """'Duarte said that the plan "had failed."': a partial quote is the whole reported
    clause after its cue, not just the words inside the marks."""
    starts = [a for a, _ in sentences]
    for f in found:
        if f.kind != "partial" or f.end <= f.start or text[f.start] not in _OPENING_MARKS:
            continue
        n = bisect_right(starts, f.start) - 1
        if n < 0:
            continue
        floor = starts[n]
        if f.speaker is not None and f.speaker.end <= f.start:
            floor = max(floor, f.speaker.end)
        toks = tokenize_span(text, floor, f.start)
        for v in range(len(toks) - 1, max(-1, len(toks) - 30), -1):
            low = toks[v][0].lower()
            if toks[v][0] in (";", ":") or _QUOTE_MARK.search(text, toks[v][2], f.start):
                break
            if low not in CONTENT_VERBS or is_cap(toks[v][0]):
                continue
            pos = toks[v][2]
            if low in _OBJECT_CUES:
                stop = scan_np_right(toks, v + 1)
                if stop > v + 1:
                    pos = toks[stop - 1][2]
            cs = skip_fillers(text, pos, f.start, keep_that=True)
            cs, _ = trim_span(text, cs, f.end)
            if cs < f.start and word_count(text[cs : f.start]) <= 25:
                f.start = cs
            break


def add_relayed_quotes(
    text: str, found: list[_Found], sentences: Sequence[tuple[int, int]]
) -> None:
    """'"...," Duarte said, according to the Ledger.': the outlet relays the whole
    attributed quote, a second attribution around the first."""
    starts = [a for a, _ in sentences]
    relayed: list[_Found] = []
    for f in found:
        if f.end <= f.start or f.speaker is None or f.cue == "according to":
            continue
        n = bisect_right(starts, f.start) - 1
        if n < 0:
            continue
        se = sentences[n][1]
        after = max(f.end, f.speaker.end)
        if any(r.start == f.start for r in relayed):
            continue
        m = _ACCORDING_TO.search(text, after, se)
        if m is not None:
            toks = tokenize_span(text, m.end(), se)
            outlet = make_speaker(text, toks, 0, scan_np_right(toks, 0))
            cue, cited, cut = "according to", "according_to", m.start()
        else:
            # '"...," Duarte said, the Ledger reported.'
            comma = text.find(",", after, se)
            relay = find_cue_after(text, comma + 1, se) if comma >= 0 else None
            if relay is None or relay[1].lower() not in _RELAY_CUES:
                continue
            outlet, cue, cited, cut = relay[0], relay[1], "reported", comma
        if outlet is None or outlet.text.lower() in PRONOUNS:
            continue
        cs, ce = trim_span(text, f.start, cut)
        relayed.append(_Found(cs, ce, "indirect", f.paragraph, cue, outlet, cited))
    found.extend(relayed)


_SIGNATURE = re.compile(
    r"[\-\u2013\u2014\u2015]+\s*([A-Z][\w.'\u2019\-]*(?:\s+[A-Z][\w.'\u2019\-]*){0,3})\.?\s*$"
)
_LABEL = re.compile(r"[A-Z][A-Z.'\u2019\-]+(?: [A-Z][A-Z.'\u2019\-]+){0,2}(?=:\s)")


_HEADLINE_LABEL = re.compile(
    r"([A-Z][\w.'\u2019&\-]*(?: [A-Z][\w.'\u2019&\-]*){0,3}):[ \t]+(?=[A-Z0-9])"
)
_NOT_LABELS = words(
    "update updated note editor editor's source photo photos video related watch read see "
    "also name age city job pay date time location transcript credit image caption "
    "correction clarification disclosure warning spoiler bottom background context why "
    "what how who where when the breaking exclusive revealed busted boom bombshell wow look "
    "listen contributing reporting paid"
)


def headline_label(text: str, start: int, end: int) -> tuple[_Speaker, int] | None:
    """'Okafor: Harbour Plan Will Fail.' or 'NY Ledger: Port Sold.': a short name and a
    colon opening a paragraph, then plain text, name the source of what follows."""
    m = _HEADLINE_LABEL.match(text, start, end)
    if m is None or _QUOTE_MARK.match(text, m.end()):
        return None
    label = m.group(1)
    first = label.split()[0]
    if first in STOP_CAPS or any(w.lower().rstrip(".") in _NOT_LABELS for w in label.split()):
        return None
    if word_count(text[m.end() : end]) < 3:
        return None
    return _Speaker(label, m.start(1), m.end(1)), m.end()


def signature_of(text: str, start: int, end: int) -> _Speaker | None:
    """A paragraph that only signs a quote with a dash: '- Ana Duarte.'"""
    m = _SIGNATURE.fullmatch(text, start, end)
    if m is None or m.group(1) in STOP_CAPS:
        return None
    name = m.group(1).rstrip(".")
    return _Speaker(name, m.start(1), m.start(1) + len(name))


def transcript_label(text: str, qs: int, qe: int) -> _Speaker | None:
    """'"DUARTE: We start again."': a transcript's speaker label inside the marks."""
    inner = qs + 1
    while inner < qe and text[inner] in "'`\u201c\u2018 ":
        inner += 1
    m = _LABEL.match(text, inner, qe)
    if m is None or len(m.group()) < 3:
        return None
    return _Speaker(m.group(), m.start(), m.end())


def attribute_orphans(
    text: str, found: list[_Found], sentences: Sequence[tuple[int, int]]
) -> None:
    """Quotes left without a cue: the subject of their own sentence speaks ('Duarte
    argued that democracies "must bear dissent"'); failing that, the speaker of the
    closest attributed quote in the same or the previous paragraph carries on."""
    starts = [a for a, _ in sentences]
    last_attributed: int | None = None
    for k, f in enumerate(found):
        if f.end <= f.start:
            continue
        n = bisect_right(starts, f.start) - 1
        led = n >= 0 and word_count(text[starts[n] : f.start]) >= 2
        if f.speaker is not None or (f.inherit_from is not None and not led):
            last_attributed = k
            continue
        if led:
            subject = find_subject(text, starts[n], f.start)
            if subject is not None and subject.end <= f.start and is_speaker_like(subject):
                f.speaker = subject
                f.inherit_from = None
                last_attributed = k
                continue
        if f.inherit_from is not None:
            last_attributed = k
            continue
        if last_attributed is not None and f.paragraph - found[last_attributed].paragraph <= 3:
            f.inherit_from = last_attributed


def is_speaker_like(speaker: _Speaker) -> bool:
    words = speaker.text.split()
    head = strip_possessive(words[-1].lower())
    if speaker.text.lower() in PERSON_PRONOUNS:
        return True
    if is_cap(words[-1]) and words[-1] not in STOP_CAPS:
        return True
    return (
        head in NP_WORD_SET
        or head in _GROUP_HEADS
        or head in DOCUMENT_WORDS
        or any(w.lower() in PERSON_TITLES for w in words)
    )


# Verbs of stance and decision: PolNeAR counts their subjects as sources too
# ('Republicans oppose the bill', 'the court ruled').
_STANCE_VERBS = words(
    "support supports supported oppose opposes opposed propose proposes proposed seek "
    "seeks sought prefer prefers preferred favor favors favored backed endorse "
    "feel feels felt decided refused declined insist ruled ordered announced defended "
    "demanded accused see sees saw view views viewed express expresses expressed point "
    "points pointed offer offers offered thank thanks thanked condemn condemns condemned "
    "challenge challenges challenged welcome welcomes welcomed celebrate celebrated hail "
    "hails hailed decry decries decried denounce denounces denounced mock mocks mocked "
    "characterize characterized portray portrays portrayed consider considers considered "
    "imagine imagined project projects projected identify identified list lists listed "
    "release releases released issue issues issued file files filed vote votes voted push "
    "pushes pushed demand demands plan plans planned intend intends intended disagree "
    "disagrees disagreed recognize recognizes recognized understand understands understood "
    "mention mentions mentioned speak speaks spoke talk talks talked discuss discusses "
    "discussed address addresses addressed defend defends refuse refuses decline declines "
    "seek seeks pressed tout touts touted highlight highlights highlighted "
    "echo echoes echoed sign signs signed publish publishes published "
    "send sends sent learn learns learned notice notices noticed recommend recommends "
    "recommended rule rules approve approves approved block blocks blocked lash lashes "
    "lashed slam blast attack praise reject dismiss question likes liked loves loved hates "
    "hated dislikes disliked prefers trusts trusted distrusts distrusted embraced embraces "
    "rebuffed rebuffs blamed credited touted congratulated apologized apologizes vetoed "
    "signaled signalled hinted hints surveyed polled calculated determined launched "
    "unveiled struggled mocked ridiculed derided insulted chided scolded rebuked cautioned "
    "advised floated pitched lobbied campaigned rallied protested boycotted resisted "
    "acknowledges admits contends alleges"
)
# More verbs of judgement, intent and reaction whose subjects PolNeAR-style annotation
# counts as sources ('Ada Mroz applauded the ruling', 'the panel deemed it unlawful').
_REACTION_VERBS = words(
    "threaten threatened liken likened likens speculate speculated speculates knocked "
    "realize realized realizes realise realised dispute disputed championed reaffirm "
    "reaffirmed reaffirms deem deemed deems rebut rebuts rebutted forecast lambaste "
    "lambasted lambastes assail assails assailed commend commended applaud applauds "
    "relish relished affirm affirmed affirms implied implies suspect suspects suspected "
    "excoriate excoriated bemoan bemoaned bemoans fret frets fretted mourned repudiate "
    "repudiated envision envisioned envisions foresee foresees foresaw theorize theorized "
    "confess confessed confesses reckon reckons reckoned anticipated shown"
)
# Present forms that are just as often nouns ('the Paris attacks', 'a plan', 'the vote'):
# swept only after a bare name or a pronoun-like subject, never after a determiner.
_NOUNY_VERBS = words(
    "attack attacks plan plans issue issues question questions point points view views vote "
    "votes support supports show shows challenge challenges list lists tweet tweets release "
    "releases push pushes address addresses sign signs rule rules call calls report reports "
    "claim claims project projects offer offers praise demand demands file files echo echoes "
    "thank thanks talk talks block blocks hail hails mock mocks notice notices express fear "
    "fears hope hopes doubt doubts estimate estimates charge charges cite order orders "
    "promise promises pledge pledges vow vows need needs raise raises decline declines "
    "continue continues send sends approve approves note remark comment dispute forecast"
)
# What a document or a poll can do as a source ('the filing shows'); 'a statement released
# Monday' or 'a video posted online' is the thing released, not the one who released it.
_DOCUMENT_VOICE = words(
    "say says said show shows showed shown find finds found suggest suggests suggested "
    "indicate indicates indicated reveal reveals revealed note notes noted read reads state "
    "states stated conclude concludes concluded predict predicts predicted estimate "
    "estimates estimated claim claims claimed argue argues argued describe describes "
    "described warn warns warned put puts add adds added continue continues continued "
    "call calls called accuse accuses accused cite cites cited list lists listed"
)
# Cue verbs that, before these words, charge or name someone rather than state a view.
_NOT_SPEECH_AFTER = {
    "charged": words("with"),
    "identified": words("as themselves himself herself"),
    "reported": words("from"),  # 'Lerer reported from Denver': a reporter's credit line
}
_PUBLISH_VERBS = words("released published issued denounced")
_REDUCED_RELATIVE_NEXT = words(
    "by on in last this earlier late early online monday tuesday wednesday thursday friday "
    "saturday sunday yesterday today"
)
_PASSIVE_BE = words("is are was were been be being")
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


_CITED_AS = {"according to": "according_to"}
_POLL_HEADS = words("poll polls survey surveys polling study studies")


def find_cited_objects(
    text: str,
    toks: list[tuple[str, int, int]],
    lows: Sequence[str],
    segments: Sequence[tuple[int, int]],
) -> list[tuple[_Speaker, str]]:
    """Sources named after a preposition: 'according to the filing', 'as reported by the
    Ledger', 'asked by a reporter', 'ahead in the latest Herald poll'. lows holds the
    tokens in lower case."""
    out: list[tuple[_Speaker, str]] = []
    for k in range(len(toks) - 1):
        low = lows[k]
        possessor = lows[k + 1] in _STANCE_NOUNS and low.endswith(("'s", "\u2019s"))
        if not possessor and low not in ("according", "by", "in"):
            continue
        if any(a < toks[k][1] < b for a, b in segments):
            continue
        if possessor and is_cap(toks[k][0]):
            # "Duarte's criticism of the plan": the owner of a stance noun holds it
            i = scan_np_left(toks, k + 1)
            speaker = make_possessor(text, toks, i, k)
            if speaker is not None:
                out.append((speaker, toks[k + 1][0]))
            continue
        if low == "according" and lows[k + 1] == "to":
            start, cue = k + 2, "according to"
        elif low == "by" and k > 0 and lows[k - 1] in _BY_CUES:
            start, cue = k + 1, toks[k - 1][0]
        elif low == "in":
            start, cue = k + 1, "in"
        else:
            continue
        stop = scan_np_right(toks, start)
        if stop == start:
            loose = loose_cited_phrase(text, toks[start:]) if cue == "according to" else None
            if loose is not None:
                out.append((loose[0], cue))  # 'according to early returns'
            continue
        # 'according to early results of exit polls': the phrase runs on through 'of'
        speaker = make_speaker(text, toks, start, stop)
        if speaker is None or speaker.text.lower() in PRONOUNS:
            continue
        head = strip_possessive(toks[stop - 1][0].lower())
        if cue == "in" and (
            head not in _POLL_HEADS
            or speaker.text.split()[0].lower() not in DETERMINERS
            or [w.lower() for w in speaker.text.split()] == ["the", "polls"]
        ):
            # 'in a new poll' cites it; 'slid in polls' and 'leads in the polls' speak of
            # polling in general
            continue
        if cue != "in" and not is_cap(toks[stop - 1][0]) and not (
            head in NP_WORD_SET or head in _GROUP_HEADS
        ):
            continue
        out.append((speaker, cue))
    return out


_STANCE_NOUNS = words(
    "criticism criticisms decision endorsement endorsements opposition comments "
    "comment remarks statement statements view views proposal proposals "
    "plan plans claim claims argument arguments call calls attacks attack warning warnings "
    "promise promises pledge vow demand demands assertion allegations allegation accusation "
    "accusations position stance response denial tweets tweet testimony announcement "
    "insistence suggestion refusal rhetoric message"
)
def make_possessor(
    text: str, toks: list[tuple[str, int, int]], i: int, k: int
) -> _Speaker | None:
    """The owner in "Duarte's": the name without its possessive ending."""
    if i > k or not all(is_cap(t[0]) for t in toks[i : k + 1]):
        return None
    start = toks[i][1]
    end = toks[k][2] - 2
    if end <= start:
        return None
    return _Speaker(text[start:end], start, end)


_BY_CUES = words(
    "reported asked quoted cited told criticized questioned endorsed backed "
    "supported opposed described projected conducted commissioned praised condemned "
    "denounced attacked accused challenged rejected dismissed called urged pressed "
    "warned blamed mocked welcomed hailed noted claimed announced confirmed"
)


def is_headline(toks: Sequence[tuple[str, int, int]]) -> bool:
    """Title case: most words capitalised ('Senator Says Plan Will Fail')."""
    wordy = [t[0] for t in toks if t[0][:1].isalpha()]
    return len(wordy) >= 3 and sum(1 for w in wordy if is_cap(w)) >= 0.7 * len(wordy)


def sweep_citations(
    text: str, s: int, e: int, segments: Sequence[tuple[int, int]], found: list[_Found], pi: int
) -> None:
    """Register subjects of every cue verb in a sentence as cited sources (no quote)."""
    toks = tokenize_span(text, s, e)
    lows = [tok[0].lower() for tok in toks]  # once for the four sweeps over the sentence
    seen = {f.speaker.start for f in found if f.speaker is not None}
    for cited, cue in find_cited_objects(text, toks, lows, segments):
        if cited.start not in seen:
            seen.add(cited.start)
            found.append(_Found(e, e, "indirect", pi, cue, cited, _CITED_AS.get(cue, "reported")))
    for v in range(1, len(toks)):
        low = lows[v]
        if (
            low not in CONTENT_VERBS
            and low not in _STANCE_VERBS
            and low not in _REACTION_VERBS
            # most words open no stance phrase: skip the call for them
            and (low not in _STANCE_PHRASES or not is_stance_phrase(toks, v))
        ) or low.endswith("ing"):
            continue
        if any(a < toks[v][1] < b for a, b in segments):
            continue
        if text[toks[v][1] - 1 : toks[v][1]] in ("<", "/", "-", "#", "@"):
            continue  # '</tweet>' is markup, 'Saudi-backed' a compound, '#vote' a tag
        if toks[v - 1][0] == "," and low not in _TOLD:
            # ', said Duarte.' inverts the cue; 'Duarte, 61, declined' has an appositive
            stop = scan_np_right(toks, v + 1)
            if stop > v + 1 and (stop >= len(toks) or toks[stop][0] in (".", ",", ";")):
                inverted = make_speaker(text, toks, v + 1, stop)
                if inverted is not None and is_cap(inverted.text) and inverted.start not in seen:
                    seen.add(inverted.start)
                    found.append(_Found(e, e, "indirect", pi, toks[v][0], inverted, "reported"))
                continue
        if is_cap(toks[v][0]) and (
            not is_headline(toks) or low in _NOUNY_VERBS or toks[v][0].isupper()
        ):
            # 'the Morning Show': a capitalised verb form is part of a name; a headline
            # in capitals ('EXPERTS DOWNPLAY PLANNED LAUNCH') leaves its parts unclear
            continue
        left = skip_aux_left(toks, v, modals=True)
        if any(t[0].lower() in _PASSIVE_BE for t in toks[left:v]) and not low.endswith(
            ("ing", "s")
        ):
            continue  # 'was released by', 'is expected': the subject did not speak
        if v + 1 < len(toks) and toks[v + 1][0].lower() in _NOT_SPEECH_AFTER.get(low, ()):
            continue  # 'charged with a crime', 'identified as the driver': not a view
        if (
            low.endswith("ed")
            and v + 1 < len(toks)
            and toks[v + 1][0].lower() in _REDUCED_RELATIVE_NEXT
            and not is_stance_phrase(toks, v)
            and left == v  # 'also called on', 'had voted in': a finite verb
            and (
                toks[v + 1][0] == "by"
                or not is_cap(toks[v - 1][0])
                or toks[v - 1][0] in STOP_CAPS
                or (low not in SAY_VERBS and low not in _PUBLISH_VERBS)
            )
        ):
            # 'a poll released on Tuesday', 'a letter signed by': a participle; 'the
            # Ledger reported on Tuesday' has a name right before a finite verb
            continue
        speaker = subject_of(text, toks, v, s, modals=True)
        if speaker is None or speaker.start in seen or speaker.text.lower() in PRONOUNS:
            continue
        if _QUOTE_MARK.search(text, speaker.end, toks[v][1]):
            continue  # '... a cloak of secrecy," said Duarte': a closing mark ends the clause
        head = strip_possessive(speaker.text.split()[-1].lower())
        first_low = speaker.text.split()[0].lower()
        if (head in DOCUMENT_WORDS or head in _EVIDENCE_WORDS) and low not in _DOCUMENT_VOICE:
            continue
        if low in _NOUNY_VERBS and (
            first_low in DETERMINERS or not is_cap(speaker.text) or left < v
        ) and head not in QUANTITY_HEADS and not (
            v + 1 < len(toks) and toks[v + 1][0].lower() == "that"
        ):
            continue
        if low in _SHARE_NOUNS and head in QUANTITY_HEADS and not opens_plain_object(toks, v + 1):
            continue  # '36 percent support among voters': the share's support, a noun
        if (
            low in _NOUNY_VERBS
            and not opens_verb_object(toks, v + 1)
            and head not in _EVIDENCE_WORDS
            and head not in DOCUMENT_WORDS
        ):
            continue  # 'the Paris attacks in ...', 'Clinton support among ...': a noun
        if is_bare_common_noun(speaker.text, speaker.text.split()[0], head):
            continue
        seen.add(speaker.start)
        found.append(_Found(e, e, "indirect", pi, toks[v][0], speaker, "reported"))
    sweep_stances(text, toks, lows, segments, found, pi, seen, (s, e))
    sweep_participles(text, toks, lows, segments, found, pi, seen, e)


# Participles of stance right after the ones who hold it ('voters supporting the plan',
# 'with 40 percent saying', 'protesters chanting').
_STANCE_PARTICIPLES = words(
    "saying calling supporting backing opposing hoping urging demanding criticizing "
    "praising blaming accusing arguing claiming warning insisting threatening pledging "
    "promising vowing questioning rejecting endorsing favoring expressing echoing touting "
    "chanting predicting describing"
)


def sweep_participles(
    text: str,
    toks: list[tuple[str, int, int]],
    lows: Sequence[str],
    segments: Sequence[tuple[int, int]],
    found: list[_Found],
    pi: int,
    seen: set[int],
    e: int,
) -> None:
    """Register the noun phrase right before a stance participle as a cited source."""
    if _STANCE_PARTICIPLES.isdisjoint(lows):
        return  # most sentences have none
    for v in range(1, len(toks)):
        low = lows[v]
        if low not in _STANCE_PARTICIPLES or any(a < toks[v][1] < b for a, b in segments):
            continue
        i = scan_np_left(toks, v)
        if i >= v:
            continue
        speaker = make_speaker(text, toks, i, v)
        if speaker is None or speaker.start in seen or speaker.text.lower() in PRONOUNS:
            continue
        head = strip_possessive(toks[v - 1][0].lower())
        named = is_cap(toks[v - 1][0]) and toks[v - 1][0] not in STOP_CAPS
        people = (
            head in _GROUP_HEADS
            or head in QUANTITY_HEADS
            or head in ANONYMOUS_HEADS
            or head.endswith(_AGENT_PLURALS)
            or head[:-1] in NP_WORD_SET
        )
        if not (named or people) or head in DOCUMENT_WORDS or head in _EVIDENCE_WORDS:
            continue
        seen.add(speaker.start)
        found.append(_Found(e, e, "indirect", pi, toks[v][0], speaker, "reported"))


# Adjectives of attitude after a copula: their subject holds a view ('Ada Mroz is
# skeptical', 'voters remain wary').
_STANCE_ADJECTIVES = words(
    "eager confident skeptical sceptical critical concerned worried optimistic pessimistic "
    "convinced adamant opposed hopeful wary reluctant unwilling determined angry "
    "upset outraged furious frustrated disappointed pleased unhappy doubtful insistent "
    "supportive dismissive enthusiastic keen satisfied dissatisfied uneasy nervous afraid "
    "fearful alarmed troubled unsure uncertain grateful resistant "
    "divided split torn"
)
_COPULAS = words(
    "is are was were been be remain remains remained seem seems seemed appear appears "
    "appeared feel feels felt became become becomes grew grown sounded"
)
_DEGREE_WORDS = words("very so too more most less increasingly deeply also still not never now")


_OBJECT_PRONOUNS = words("him her them it us me himself herself themselves itself")


def opens_verb_object(toks: list[tuple[str, int, int]], k: int) -> bool:
    """Whether toks[k] can open the object of a verb that is also a noun ('supports the
    plan', 'attacks Duarte', 'plans to run'), unlike 'attacks in Paris' or 'support;'."""
    if k >= len(toks):
        return False
    tok = toks[k][0]
    low = tok.lower()
    return (
        low in DETERMINERS
        or low in _OBJECT_PRONOUNS
        or low in ("that", "to", "whether", "what", "how", "why", "for")
        or (is_cap(tok) and tok not in STOP_CAPS)
        or is_number(low)
        or (
            tok[:1].islower()
            and low not in _PREPOSITIONS
            and low not in NP_STOP
            and low not in SAY_VERBS  # 'the talks said': the noun is the subject
        )
    )


# Verbs that after a share ('36 percent support among ...') are as often a noun.
_SHARE_NOUNS = words("support supports")


def opens_plain_object(toks: list[tuple[str, int, int]], k: int) -> bool:
    """Whether toks[k] opens a noun phrase or a gerund object ('support the plan', 'back
    Duarte', 'favor raising taxes'), the stricter test after a share ('40 percent')."""
    if k >= len(toks):
        return False
    tok = toks[k][0]
    low = tok.lower()
    return (
        (low in DETERMINERS and low not in ("this", "that"))
        or low in _OBJECT_PRONOUNS
        or (is_cap(tok) and tok not in STOP_CAPS)
        or (low.endswith("ing") and tok.islower())
    )


# Verb phrases that state a view ('made clear', 'took aim at', 'weighed in', 'cast doubt').
_STANCE_PHRASES = {
    "made": words("clear plain clearly the"),
    "make": words("clear plain the"),
    "makes": words("clear plain the"),
    "took": words("aim issue"),
    "take": words("aim issue"),
    "takes": words("aim issue"),
    "cast": words("doubt"),
    "casts": words("doubt"),
    "weighed": words("in"),
    "weighs": words("in"),
    "spoke": words("out"),
    "speaks": words("out"),
    "pushed": words("back"),
    "pushes": words("back"),
    "lashed": words("out"),
    "laid": words("out"),
    "lays": words("out"),
    "put": words("it"),
    "puts": words("it"),
    "hit": words("back out"),
    "hits": words("back out"),
    "fired": words("back"),
    "fires": words("back"),
    "shot": words("back"),
    "struck": words("back"),
    "signed": words("on"),
    "sided": words("with"),
    "sides": words("with"),
}


def is_stance_phrase(toks: list[tuple[str, int, int]], v: int) -> bool:
    """Whether toks[v] opens one of the verb phrases of _STANCE_PHRASES."""
    follow = _STANCE_PHRASES.get(toks[v][0].lower())
    if follow is None or v + 1 >= len(toks) or toks[v + 1][0].lower() not in follow:
        return False
    if toks[v + 1][0].lower() == "the":
        return v + 2 < len(toks) and toks[v + 2][0].lower() == "case"
    return True


def sweep_stances(
    text: str,
    toks: list[tuple[str, int, int]],
    lows: Sequence[str],
    segments: Sequence[tuple[int, int]],
    found: list[_Found],
    pi: int,
    seen: set[int],
    span: tuple[int, int],
) -> None:
    """Subjects of 'is eager', 'remain wary', 'was deeply skeptical' are cited views."""
    if _STANCE_ADJECTIVES.isdisjoint(lows):
        return  # most sentences have none
    s, e = span
    for v in range(2, len(toks)):
        low = lows[v]
        if low not in _STANCE_ADJECTIVES or any(a < toks[v][1] < b for a, b in segments):
            continue
        c = v - 1
        while c > 0 and v - c < 4 and (
            lows[c] in _DEGREE_WORDS or (lows[c].endswith("ly") and toks[c][0].islower())
        ):
            c -= 1
        if lows[c] not in _COPULAS:
            continue
        speaker = subject_of(text, toks, c, s, modals=True)
        if speaker is None or speaker.start in seen or speaker.text.lower() in PRONOUNS:
            continue
        words_ = speaker.text.split()
        head = strip_possessive(words_[-1].lower())
        if head in DOCUMENT_WORDS or head in _EVIDENCE_WORDS or head in _TIME_HEADS:
            continue
        if is_bare_common_noun(speaker.text, words_[0], head):
            continue
        seen.add(speaker.start)
        found.append(_Found(e, e, "indirect", pi, toks[v][0], speaker, "reported"))


def is_bare_common_noun(text: str, first: str, head: str) -> bool:
    """A lower-case subject with no determiner that names no group: not a source."""
    return (text[:1].islower() and first.lower() not in DETERMINERS
            and head not in _GROUP_HEADS and head not in _QUANTIFIER_PRONOUNS
            and not head.endswith(_AGENT_PLURALS) and head[:-1] not in NP_WORD_SET)


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
    # 'Pollsters agree - Carl Bialik:': a headline, a dash, then the name that speaks
    dash = max(text.rfind(" - ", start, end), text.rfind("\u2014", start, end),
               text.rfind("\u2013", start, end))
    if dash >= 0:
        toks = [t for t in toks if t[1] > dash]
    if not toks or len(toks) > 5:
        return None
    if all(is_cap(t[0]) and t[0] not in STOP_CAPS for t in toks):
        return make_speaker(text, toks, 0, len(toks))
    return None


def find_full_stop(text: str, start: int, end: int) -> int:
    """Position of the first period that ends a sentence ('Mr.' and 'D.' do not)."""
    pos = text.find(".", start, end)
    while pos >= 0:
        word = _last_word(text, pos)
        if word.lower().rstrip(".") not in ABBREVIATIONS and not (
            len(word) == 1 and word.isupper()
        ):
            return pos
        pos = text.find(".", pos + 1, end)
    return -1


def cue_in_next_sentence(
    text: str, pos: int, end: int, loose: bool = False
) -> tuple[_Speaker, str, int] | None:
    """'"..." Duarte said.' written as its own short sentence.

    loose: the quote closed on '?' or '!', so the sentence splitter cut a sentence that
    goes on with its cue ('"Why now?" Duarte asked the board on Monday.').
    """
    stop = find_full_stop(text, pos, min(end, pos + (200 if loose else 80)))
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
# Nouns for people by their role, which a later 'the <noun>' refers back to.
_ROLE_NOUNS = words(
    "frontrunner front-runner billionaire businessman businesswoman mogul tycoon nominee "
    "candidate hopeful senator congressman congresswoman lawmaker governor mayor president "
    "secretary minister diplomat magnate developer neurosurgeon actor actress singer "
    "comedian host anchor pastor bishop pope chairman chairwoman ceo executive"
)
_CAP_WORD = re.compile(r"\b[A-Z][\w'\u2019\-]+")
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
    if len(words) == 1 and words[0].isupper() and (
        2 <= len(words[0]) <= 4 or "." in words[0]
    ):
        return "organization"  # an acronym: 'FAA', 'N.R.A.'
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


_TIME_HEADS = words("day days week weeks month months year years time times hour hours")
# Role-list words that never speak on their own ('interview', 'speech').
_NOT_SPEAKERS = words(
    "interview speech new written emailed joint former senior top deputy chief press "
    "federal state local national foreign white house"
)
_PRONOUN_CONTRACTION = re.compile(r"^(?:i|we|you|he|she|they|it)['\u2019]\w+$", re.IGNORECASE)


def is_source_name(name: str) -> bool:
    """Whether a resolved name can stand as a source: not a bare sentence adverb, weekday
    or contracted pronoun ("I'd") left over from a loose subject scan."""
    words = name.split()
    if not words or _PRONOUN_CONTRACTION.match(name):
        return False
    if all(
        (w in STOP_CAPS or w.lower() in DETERMINERS) and w.lower() not in _QUANTIFIER_PRONOUNS
        for w in words
    ):
        return False
    last = strip_possessive(words[-1]).lower()
    if (last in _TIME_HEADS and words[-1].islower()) or (
        last.isdigit() and not (len(words) > 2 and words[-2].lower() in ("in", "of"))
    ):
        return False  # 'A month', '2012', 'the city where': a phrase cut short; '6 in 10'
    if (
        len(words) == 2
        and words[0].lower() in DETERMINERS
        and words[1].islower()
        and (last in _BARE_MODIFIERS or last.endswith(("ed", "est")))
        and last not in NP_WORD_SET
        and last not in _PERSON_NOUNS
    ):
        return False  # 'the debunked', 'the former', 'a larger': an adjective cut short
    if len(words) == 1 and words[0][1:].islower() and last.endswith("ly"):
        return False  # 'Clearly', 'Ironically': an opening adverb, not a name
    if is_cut_short(words):
        return False  # 'the scathing', 'an off-color', 'the three-year': the noun was left off
    return not (len(words) == 1 and words[0].islower() and last in _NOT_SPEAKERS)


# Endings of the last word of a phrase that stopped before its noun ('the sole surviving',
# 'the emotionally resonant', 'his written'); gerund nouns ('the scheduling') go too.
_CUT_SHORT_ENDINGS = (*_ADJECTIVE_ENDINGS, "ing", "ten")
_CUT_SHORT_LINKS = words("of most more less so not very relatively")
_AGENT_ENDINGS = ("er", "ist", "ian")
_SOMETHING = words("thing something anything nothing everything")


def is_cut_short(words: Sequence[str]) -> bool:
    """A determiner and lower-case modifiers with no noun at the end ('the most
    incoming', 'a couple of cursory'), left by a scan that stopped one word short."""
    if len(words) < 2 or words[0].lower() not in DETERMINERS:
        return False
    rest = words[1:]
    if any(not w.islower() or (w in _PREPOSITIONS and w not in _CUT_SHORT_LINKS) for w in rest):
        return False
    last = rest[-1]
    if last in _SOMETHING or last in NP_WORD_SET or last in _PERSON_NOUNS or last in _ROLE_NOUNS:
        return False
    if last in PERSON_TITLES or last in _GROUP_HEADS or last in DOCUMENT_WORDS:
        return False
    if "-" in last:
        return not last.split("-")[-1].endswith((*_AGENT_ENDINGS, "s"))
    return last in _BARE_MODIFIERS or last.endswith(_CUT_SHORT_ENDINGS)


_BARE_MODIFIERS = words(
    "mere popular old sharp sole least similar current latest previous new major main "
    "same entire whole next last former larger smaller"
)


_PRONOUN_GENDER = {"he": "m", "she": "f"}
_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
_HONORIFIC_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w'\u2019\-]*)")
# Common first names whose gender is plain, to keep 'she said' off a man and 'he said' off
# a woman. Names given to both (Pat, Jordan, Kelly) are left out on purpose.
_MALE_NAMES = words(
    "aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin "
    "bernie bill billy bob bobby brad bradley brandon brian bruce carl carlos charles chris "
    "christopher chuck craig dan daniel dave david dennis derek dick don donald doug douglas "
    "ed eddie edward eric frank fred gary george gerald greg gregory harold harry henry ian "
    "jack jacob jake james jason jeb jeff jeffrey jeremy jerry jim jimmy joe joel john "
    "johnny jon jonathan jose joseph josh joshua juan justin keith ken kenneth kevin larry "
    "lawrence luis marco mark martin matt matthew michael mike mitch mitt nathan newt "
    "nicholas nick paul peter phil philip ralph randy ray raymond reince richard rick "
    "robert roger ron ronald roy russell ryan sam samuel scott sean sergei stephen steve "
    "steven ted terry thomas tim timothy todd tom tony vladimir walter wayne william willie"
)
_FEMALE_NAMES = words(
    "abigail alice alicia amanda amy andrea angela ann anna anne barbara betsy betty "
    "beverly brenda carly carol caroline catherine cheryl christina christine cynthia "
    "deborah debbie debra diana diane donna dorothy elaine elena elizabeth ellen emily "
    "emma evelyn frances gloria grace hannah heather helen hillary hope ivanka jane janet "
    "janice jennifer jessica jill joan joyce judith judy julia julie karen katherine "
    "kathleen kathryn kathy katie kayleigh kellyanne kimberly laura lauren linda lisa "
    "lois loretta lori louise lynn margaret maria marie marilyn martha mary megan megyn "
    "melania melissa michelle nancy nicole nikki olivia pamela patricia patti paula "
    "rachel rebecca rose ruth sally samantha sandra sara sarah sharon shirley sonia "
    "stephanie susan sylvia tammy teresa theresa tina valerie victoria virginia wendy"
)
_FIRST_NAME_GENDER = {**dict.fromkeys(_MALE_NAMES, "m"), **dict.fromkeys(_FEMALE_NAMES, "f")}
# Plural group names and nationality adjectives that a loose scan files as a 'person'.
_GROUP_NAME_ENDINGS = ("ians", "icans", "ats", "ists")
_NATIONALITY_ENDINGS = ("ish", "ese", "ian", "ean")


def is_singular_person(name: str) -> bool:
    """Whether a person draft reads as one person ('Ada Mroz', 'Mroz'), not a group or
    a place written like a name ('Democrats', 'Americans', 'British', 'The United States')."""
    words = name.split()
    if not words or words[0].lower() in DETERMINERS:
        return False
    if len(words) > 1:
        return True
    low = strip_possessive(words[0]).lower()
    return not (
        low in _GROUP_HEADS
        or low.endswith(_GROUP_NAME_ENDINGS)
        or low.endswith(_NATIONALITY_ENDINGS)
    )


@lru_cache(maxsize=64)
def _titled_pattern(head: str) -> re.Pattern[str]:
    """'President Ada Mroz', 'Senator Mroz': a capitalised title and up to three name words."""
    return re.compile(
        rf"\b{re.escape(head.capitalize())}\s+((?:[A-Z][\w.'\u2019\-]*\s+){{0,2}}[A-Z][\w'\u2019\-]+)"
    )


class _Resolver:
    """Turns speaker mentions into sources, merging surnames and resolving pronouns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.drafts: list[_SourceDraft] = []
        self._names: dict[str, str] | None = None
        self.titles: dict[str, str] = {}
        self.mentions: list[tuple[int, int]] = []  # (position, draft) of every citation
        self._genders: dict[str, str | None] = {}
        self._honorifics: dict[str, set[str]] | None = None

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

    def add(self, name: str, kind: str, descriptor: str | None, pos: int) -> int | None:
        if not is_source_name(name) or self.is_common_word(name):
            return None
        key = name.lower()
        for k, draft in enumerate(self.drafts):
            if draft.name.lower() == key:
                draft.position = pos
                if descriptor and not draft.descriptor:
                    draft.descriptor = descriptor
                return k
        self.drafts.append(_SourceDraft(name, kind, descriptor, position=pos))
        return len(self.drafts) - 1

    def is_common_word(self, name: str) -> bool:
        """'Breaking', 'Revealed': a capitalised participle that the article also writes in
        lower case is a word opening a line, not a name."""
        if " " in name or not name[1:].islower() or not name.endswith(("ing", "ed")):
            return False
        return re.search(rf"\b{re.escape(name.lower())}\b", self.text) is not None

    def latest(self, kinds: Sequence[str]) -> int | None:
        best: int | None = None
        for k, draft in enumerate(self.drafts):
            if draft.kind in kinds and (
                best is None or draft.position > self.drafts[best].position
            ):
                best = k
        return best

    def resolve(self, mention: str, pos: int) -> int | None:
        index = self.resolve_mention(mention, pos)
        if index is not None:
            self.mentions.append((pos, index))
        return index

    def resolve_mention(self, mention: str, pos: int) -> int | None:
        mention = _PAREN.sub("", mention).strip()  # 'Ada Mroz (D-Ore.)' names Ada Mroz
        words = mention.replace("\u2019", "'").split()
        if not words:
            return None
        low = [w.lower() for w in words]
        if len(words) == 1 and low[0] in PRONOUNS:
            return self.resolve_pronoun(low[0], pos)
        opener = low[1] if len(low) > 1 and low[0] in DETERMINERS else low[0]
        if strip_possessive(opener) in _ACCESS_HEADS and any(
            w in _ACCESS_WORDS or w == "knowledge" for w in low[1:4]
        ):
            # 'people familiar with the talks' stays an anonymous source
            return self.add(mention, "anonymous", mention, pos)
        if len(words) == 1 and low[0] in _QUANTIFIER_PRONOUNS:
            return self.add(mention, "anonymous", mention, pos)  # 'Some', 'others
        if low[0] in ("the", "this", "that") and all(not is_cap(w) for w in words[1:]):
            return self.resolve_definite(mention, low[-1], pos)
        for k in range(1, len(low) - 1):
            if low[k + 1] in ("of", "for", "at", "from", "by") and not is_cap(words[k]):
                noun = strip_possessive(low[k])
                if noun in ANONYMOUS_HEADS:
                    # 'a spokeswoman for the Port Authority' speaks for the authority
                    return self.resolve_description(mention, words, pos)
                if noun in DOCUMENT_WORDS or noun in _EVIDENCE_WORDS:
                    # 'a poll of likely voters' is the poll
                    return self.resolve(" ".join(words[: k + 1]), pos)
                break
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
            gender = _PRONOUN_GENDER.get(pronoun)
            found = self.nearest_person_before(pos, gender)
            if found is None:
                found = self.latest_person(gender)
            if found is None:
                found = self.nearest_name_before(pos, gender)
            return found
        if pronoun == "it":
            return self.latest(("organization", "government", "publication", "document"))
        return self.latest(("anonymous", "organization", "government", "person"))

    def can_be(self, k: int, gender: str | None) -> bool:
        """Whether a person draft can be the referent of 'he' or 'she' (gender None: any
        singular person): not a group written like a name ('Democrats', 'The United
        States'), nor someone whose first name or honorific shows the other gender."""
        name = self.drafts[k].name
        if not is_singular_person(name):
            return False
        if gender is None:
            return True
        known = self.gender_of(name)
        return known is None or known == gender

    def gender_of(self, name: str) -> str | None:
        """'m' or 'f' from a first name ('Ada Mroz') or an honorific written before the
        surname anywhere in the article ('Ms. Mroz'); None when nothing shows it."""
        if name in self._genders:
            return self._genders[name]
        words = name.split()
        gender = _FIRST_NAME_GENDER.get(words[0].lower()) if len(words) >= 2 else None
        if gender is None:
            found = self.honorifics().get(strip_possessive(words[-1]), set())
            gender = next(iter(found)) if len(found) == 1 else None
        self._genders[name] = gender
        return gender

    def honorifics(self) -> dict[str, set[str]]:
        """The genders each surname is written with ('Ms. Mroz'), read once per article."""
        if self._honorifics is None:
            self._honorifics = {}
            for m in _HONORIFIC_NAME.finditer(self.text):
                self._honorifics.setdefault(strip_possessive(m.group(2)), set()).add(
                    _HONORIFIC_GENDER[m.group(1).lower()]
                )
        return self._honorifics

    def latest_person(self, gender: str | None) -> int | None:
        best: int | None = None
        for k, draft in enumerate(self.drafts):
            if (
                draft.kind == "person"
                and self.can_be(k, gender)
                and (best is None or draft.position > self.drafts[best].position)
            ):
                best = k
        return best

    def nearest_person_before(self, pos: int, gender: str | None = None) -> int | None:
        """The cited person whose name (or surname) was written last before a pronoun."""
        surnames = {
            draft.name.split()[-1]: k for k, draft in enumerate(self.drafts)
            if draft.kind == "person" and self.can_be(k, gender)
        }
        if not surnames:
            return None
        window = self.text[max(0, pos - 400) : pos]
        best: tuple[int, int] | None = None
        for m in _CAP_WORD.finditer(window):
            k = surnames.get(strip_possessive(m.group()))
            if k is not None and (best is None or m.start() > best[0]):
                best = (m.start(), k)
        if best is None:
            return None
        self.drafts[best[1]].position = pos
        return best[1]

    def nearest_name_before(self, pos: int, gender: str | None = None) -> int | None:
        best: re.Match[str] | None = None
        for m in _NAME_RUN.finditer(self.text, max(0, pos - 600), pos):
            if (
                classify_name(m.group().split()) is None
                and m.group().split()[0] not in STOP_CAPS
                and self.surname_recurs(m.group())
                and (gender is None or self.gender_of(m.group()) in (None, gender))
            ):
                best = m
        if best is None:
            return None
        return self.resolve(strip_possessive(best.group()), best.start())

    def surname_recurs(self, name: str) -> bool:
        """Whether a name's last word also stands alone in the article ('Ada Mroz' ...
        'Mroz said'), as a person's surname does and a place ('New Hampshire') or a law
        ('Affordable Care Act') seldom does."""
        last = strip_possessive(name.split()[-1])
        alone = len(re.findall(rf"\b{re.escape(last)}\b", self.text))
        return alone > len(re.findall(rf"\b{re.escape(name)}", self.text))

    def resolve_definite(self, mention: str, head: str, pos: int) -> int | None:
        head = strip_possessive(head)
        if head in DOCUMENT_WORDS:
            # 'the statement' is the statement of whoever was last cited beside the word
            issuer = self.issuer_of(head, pos)
            if issuer is not None:
                return issuer
            return self.add(mention, "document", None, pos)
        if head in ANONYMOUS_HEADS:
            found = self.described_as(head, ("government", "organization", "anonymous"))
            if found is not None:
                self.drafts[found].position = pos
                return found
        elif head in PERSON_TITLES or head in _ROLE_NOUNS:
            # 'the senator', 'the frontrunner': the person last described that way
            found = self.described_as(head, ("person",))
            if found is None:
                self.name_index()
                name = next(
                    (n for n, d in self.titles.items() if head in d.lower().split()), None
                )
                if name is not None and self.text.find(name) < pos:
                    return self.add(name, "person", self.titles[name], pos)
                found = self.titled_before(head, pos)
            if found is not None:
                self.drafts[found].position = pos
                return found
        return self.add(mention, "anonymous", None, pos)

    def titled_before(self, head: str, pos: int) -> int | None:
        """The cited person last written with the title as a capitalised prefix before
        'the <title>' ('President Mroz' ... 'the president said')."""
        surnames = {
            strip_possessive(d.name.split()[-1]): k
            for k, d in enumerate(self.drafts)
            if d.kind == "person"
        }
        matches = list(_titled_pattern(head).finditer(self.text, 0, pos))
        if not matches:
            return None
        names = [strip_possessive(w) for w in matches[-1].group(1).split()]
        return next((surnames[w] for w in names if w in surnames), None)

    def issuer_of(self, noun: str, pos: int) -> int | None:
        """The source cited in the sentence that last used a document noun ('said in an
        emailed statement'), when that was recent."""
        at = -1
        for m in re.finditer(rf"\b{re.escape(noun)}\b", self.text[max(0, pos - 1500) : pos]):
            at = max(0, pos - 1500) + m.start()
        if at < 0:
            return None
        near = [(abs(p - at), k) for p, k in self.mentions if abs(p - at) < 250 and p < pos]
        return min(near)[1] if near else None

    def described_as(self, head: str, kinds: Sequence[str]) -> int | None:
        best: int | None = None
        for k, draft in enumerate(self.drafts):
            if (
                draft.kind in kinds
                and draft.descriptor
                and head in strip_possessive(draft.descriptor.lower()).replace("-", " ").split()
                and (best is None or draft.position > self.drafts[best].position)
            ):
                best = k
        return best

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
        inner = [w for w in words[:-1] if is_cap(w) and w.lower() not in DETERMINERS]
        if inner:
            kind = classify_name(inner)
            if kind in ("government", "organization", "publication"):
                return self.add(" ".join(inner), kind, mention, pos)
        return self.add(mention, "anonymous", mention, pos)


def build_attributions(text: str, found: list[_Found]) -> Attributions:
    resolver = _Resolver(text)
    source_of: list[int | None] = []
    documents: list[_SourceDraft] = []
    for f in found:
        index: int | None = None
        if f.speaker is not None and is_unvoiced(f):
            source_of.append(None)  # reported speech with no one to report it cites no one
            continue
        if f.speaker is not None:
            index = resolver.resolve(f.speaker.text, f.speaker.start)
            document = cited_document(f.speaker.text)
            if (
                document is not None
                and index is not None
                and resolver.drafts[index].kind != "document"
                and document.lower() not in {d.name.lower() for d in documents}
            ):
                # 'the statement said' cites the statement as well as its issuer
                documents.append(_SourceDraft(document, "document", None, [f.cited]))
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
        if f.kind == "indirect" and f.speaker is not None and (
            index is None
            or not (f.speaker.text.lower() in PRONOUNS or is_speaker_like(f.speaker))
        ):
            # reported speech is only worth keeping with someone to report it
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
    names = {d.name.lower() for d in resolver.drafts}
    drafts = resolver.drafts + [d for d in documents if d.name.lower() not in names]
    sources = tuple(
        Source(d.name, d.kind, d.descriptor, tuple(d.cited), d.quotes) for d in drafts
    )
    return Attributions(tuple(quotes), sources)


def cited_document(mention: str) -> str | None:
    """'the statement', 'a letter' as a source of its own, or None for other mentions."""
    words = mention.split()
    if len(words) < 2 or words[0].lower() not in DETERMINERS:
        return None
    if any(is_cap(w) for w in words[1:]):
        return None
    head = strip_possessive(words[-1].lower())
    if head not in DOCUMENT_WORDS or head in _ISSUER_VOICE:
        return None
    return mention


# Documents that are their issuer's own voice ('the statement continued'), not a work of
# their own like a report, a poll or a letter.
_ISSUER_VOICE = words("statement statements release tweet post")


def is_unvoiced(f: _Found) -> bool:
    """Reported speech whose subject cannot speak ('the last fundraising report')."""
    if f.kind != "indirect" or f.end <= f.start or f.speaker is None:
        return False
    if f.cited == "according_to":
        return False  # 'according to the county's tally': whatever is named there is cited
    if f.speaker.text.lower() in PRONOUNS or is_speaker_like(f.speaker):
        return False
    words = f.speaker.text.split()
    head = strip_possessive(words[-1].lower())
    return not (
        head in _QUANTIFIER_PRONOUNS
        or head in QUANTITY_HEADS
        or head in _ROLE_NOUNS
        or head in PERSON_TITLES
        or head in GOVERNMENT_WORDS
        or head in ORGANIZATION_WORDS
        or head in _PERSON_NOUNS
        or head.endswith(_AGENT_PLURALS)
        or head[:-1] in NP_WORD_SET
        or is_number(head)  # 'one in five', 'six in 10'
    )


# Nouns for people or bodies that speak ('the nurse', 'the church', 'one employee').
_PERSON_NOUNS = words(
    "person persons people employee employees nurse nurses actress actor church institute "
    "authorities community faction camp camps kingdom attendee attendees associates "
    "trader traders worker workers resident residents teacher student doctor"
)


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

"""Understanding a resident's query before any engine sees it: words (folded and as typed),
places and topics, typo corrections. The result (`ParsedQuery`) is engine-neutral; each
backend turns it into its own syntax from the folded words only, so no user text is ever
parsed as FTS5, tsquery or Elasticsearch query syntax.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.cache import cache

from . import vocabulary
from .models import SearchFacetValue
from .text import clean_query, fold, words

MAX_WORDS = 12
MAX_TERMS = 8
FACET_CACHE_KEY = "search:facet-values"
FACET_CACHE_SECONDS = 300
_memo: dict = {}

# Words a resident puts in a query that say nothing about the subject ("học tin ở Cầu Giấy
# cho người già"): not required to match, so they never empty the results.
STOP_WORDS = frozenset(
    "cho o tai va cua de ve voi cac nhung mot la thi o gan khu vuc tim muon can hoc o".split()
) - {"hoc"}
# Words naming the kind of place, dropped around a recognised ward or commune name.
PLACE_WORDS = ("phuong", "xa", "p", "dac khu", "quan", "huyen")


@dataclass(frozen=True)
class Named:
    """A ward or topic from the index's dictionary."""

    value: str
    label: str
    words: tuple[str, ...]


@dataclass
class ParsedQuery:
    text: str
    terms: list[str] = field(default_factory=list)  # folded words that must match
    typed: list[str] = field(default_factory=list)  # the same words as typed (lower case)
    optional: list[str] = field(default_factory=list)  # stop words, not required
    prefix_last: bool = True
    place: Named | None = None
    topics: list[Named] = field(default_factory=list)
    corrected: dict[str, str] = field(default_factory=dict)  # folded word -> correction
    suggestion: str = ""  # the corrected query, as it reads with marks
    place_elsewhere: bool = False  # nothing at the place: results from everywhere else

    @property
    def alternatives(self) -> list[tuple[str, ...]]:
        """Per required word: the word itself and its correction, if any."""
        return [
            (term, self.corrected[term]) if term in self.corrected else (term,)
            for term in self.terms
        ]

    @property
    def phrase_folded(self) -> str:
        return " ".join(self.corrected.get(t, t) for t in self.terms)

    @property
    def phrase_lower(self) -> str:
        return " ".join(self.typed)

    @property
    def has_marks(self) -> bool:
        return fold(self.phrase_lower) != self.phrase_lower

    @property
    def is_empty(self) -> bool:
        return not self.terms and self.place is None


def facet_dictionary() -> dict:
    """Wards and topics (for recognising them in queries and for autocomplete) and the labels
    of every facet value, cached; indexing writes clear it (services._remember_facets)."""

    def build() -> dict:
        labels: dict[str, dict[str, str]] = {f: {} for f in SearchFacetValue.Facet.values}
        places: list[Named] = []
        topics: list[Named] = []
        for facet, value, label, folded in SearchFacetValue.objects.values_list(
            "facet", "value", "label", "label_folded"
        ):
            labels.setdefault(facet, {})[value] = label
            named = Named(value, label, tuple(folded.split()))
            if facet == SearchFacetValue.Facet.WARD and named.words:
                places.append(named)
            elif facet == SearchFacetValue.Facet.TOPIC and named.words:
                topics.append(named)
        # Longest names first, so "Đông Anh" is not taken for a shorter name inside it.
        places.sort(key=lambda n: -len(n.words))
        topics.sort(key=lambda n: -len(n.words))
        return {"labels": labels, "places": places, "topics": topics}

    # The shared cache holds a version (cheap to read); this process keeps the unpickled
    # dictionary for as long as the version stands. services clears the version on writes.
    version = cache.get(FACET_CACHE_KEY)
    if version is None:
        version = time.time_ns()
        cache.set(FACET_CACHE_KEY, version, FACET_CACHE_SECONDS)
    if _memo.get("version") != version:
        _memo.update(version=version, value=build())
    return _memo["value"]


def _find(tokens: list[str], name: tuple[str, ...]) -> int:
    n = len(name)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == name:
            return i
    return -1


def parse_query(
    raw: str | None, *, places: bool = True, correct: bool = True, count=None
) -> ParsedQuery:
    """Clean, split, find a place and topics, correct typos. `places=False` keeps place
    names as ordinary words (the resident removed the place facet). `count(alternatives)`,
    when given, counts the pages a corrected query matches, to choose between corrections
    by the company they keep ("tn hoc": "tin học", not "to học")."""
    text = clean_query(raw)
    parsed = ParsedQuery(text=text)
    pairs = [(w, f) for w in words(text)[:MAX_WORDS] if (f := fold(w))]
    folded = [f for _, f in pairs]
    dictionary = facet_dictionary() if folded else {"places": [], "topics": []}
    if places:
        for place in dictionary["places"]:
            start = _find(folded, place.words)
            if start < 0:
                continue
            end = start + len(place.words)
            # "phường Cầu Giấy", "xa dong anh", "quan cau giay": the kind word goes too.
            for kind in PLACE_WORDS:
                kind_words = kind.split()
                k = len(kind_words)
                if start >= k and folded[start - k : start] == kind_words:
                    start -= k
                    break
            parsed.place = place
            pairs = pairs[:start] + pairs[end:]
            folded = [f for _, f in pairs]
            break
    for topic in dictionary["topics"]:
        start = _find(folded, topic.words)
        if start < 0:
            continue
        parsed.topics.append(topic)
        if len(topic.words) > 1:
            # A topic's name is one compound ("tin học"): its words must stand together, so
            # "thông tin … học tập" is not taken for it.
            end = start + len(topic.words)
            span = pairs[start:end]
            merged = (" ".join(w for w, _ in span), " ".join(f for _, f in span))
            pairs = [*pairs[:start], merged, *pairs[end:]]
            folded = [f for _, f in pairs]
    required = [(w, f) for w, f in pairs if f not in STOP_WORDS]
    if not required:  # only stop words: then they are the query
        required = pairs
    parsed.optional = [f for w, f in pairs if (w, f) not in required]
    required = required[:MAX_TERMS]
    parsed.typed = [w for w, _ in required]
    parsed.terms = [f for _, f in required]
    if correct and parsed.terms:
        _correct(parsed, count)
    return parsed


def _correct(parsed: ParsedQuery, count=None) -> None:
    words_only = [t for t in parsed.terms if " " not in t]  # recognised topics are known
    known = vocabulary.known_terms(words_only)
    unknown = [t for t in words_only if t not in known]
    last = parsed.terms[-1]
    if last in unknown and parsed.prefix_last and vocabulary.has_prefix(last):
        unknown.remove(last)  # still being typed: "tin ho" is on its way to "tin học"
    if not unknown:
        return
    candidates = vocabulary.corrections(unknown)
    if not candidates:
        return
    fixes = {term: options[0] for term, options in candidates.items()}
    if count is not None:
        for term, options in list(candidates.items())[:3]:
            if len(options) < 2:
                continue
            scored = []
            for i, option in enumerate(options):
                trial = {**{t: f for t, (f, _d) in fixes.items()}, term: option[0]}
                groups = [(trial.get(t, t),) for t in parsed.terms]
                scored.append((-count(groups), i, option))
            fixes[term] = min(scored)[2]
    parsed.corrected = {term: fix for term, (fix, _display) in fixes.items()}
    displays = {term: display for term, (_fix, display) in fixes.items()}
    # Words typed without marks read with them in the suggestion ("co ban" -> "cơ bản").
    displays.update(
        {term: display for term, (display, _n) in known.items() if display and term not in fixes}
    )
    parts = [
        displays.get(f, w) if (f in fixes or w == f) else w
        for w, f in zip(parsed.typed, parsed.terms, strict=True)
    ]
    if parsed.place is not None:
        parts.append(parsed.place.label)
    parsed.suggestion = " ".join(parts)

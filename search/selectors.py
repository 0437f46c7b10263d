"""The one query interface of the site (DESIGN.md: views never know which engine answers):

- `site_search` for /tim-kiem/: cards, facets with counts, pagination, sort, place and
  typo handling, a message for input that cannot be searched;
- `ranked_page_ids` for other listings that search within their own rows (the catalogue's
  `q`);
- `autocomplete` for the JSON suggestions (titles, places, topics).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Site

from .backends import SearchRequest, SearchResult, get_search_backend
from .highlight import highlight
from .query import ParsedQuery, facet_dictionary, parse_query
from .registry import live_card_lines
from .text import clean_query, fold, nfc, words

RESULTS_PER_PAGE = 20
MAX_QUERY = 200
# Query-string names (Vietnamese, like the catalogue's).
PARAM_FACETS = {
    "loai": "kind",
    "phuong": "ward",
    "chu_de": "topic",
    "doi_tuong": "audience",
    "hinh_thuc": "mode",
}
FACET_TITLES = {
    "kind": _lazy("Loại"),
    "ward": _lazy("Phường/xã"),
    "topic": _lazy("Chủ đề"),
    "audience": _lazy("Đối tượng"),
    "mode": _lazy("Hình thức"),
}
FACET_LIMIT = 8


@dataclass
class ResultCard:
    page_id: int
    kind: str
    kind_label: str
    title: SafeString
    summary: SafeString
    url: str | None
    date: dt.date | None
    lines: list[str] = field(default_factory=list)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    param: str
    title: str
    options: list[FacetOption]


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class SiteSearch:
    query: str
    message: str = ""
    total: int = 0
    cards: list[ResultCard] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    page_obj: PaginatorPage | None = None
    page_query: str = ""
    suggestion: str = ""
    suggestion_url: str = ""
    sort: str = "relevance"
    sort_urls: dict = field(default_factory=dict)
    facets_note: str = ""


class _HitCounter:
    """Lets Django's Paginator page through a backend result without loading all of it."""

    def __init__(self, total: int):
        self.total = total

    def count(self) -> int:
        return self.total

    def __getitem__(self, item):
        return []


def _page_number(raw) -> int:
    try:
        return min(max(int(str(raw)[:6]), 1), 10_000)
    except (TypeError, ValueError):
        return 1


def _request_for(
    parsed: ParsedQuery, *, filters: dict, sort: str, offset: int, limit: int, **overrides
):
    request = SearchRequest(
        alternatives=parsed.alternatives,
        prefix_last=parsed.prefix_last,
        phrase_lower=parsed.phrase_lower,
        phrase_folded=parsed.phrase_folded,
        has_marks=parsed.has_marks,
        boost_topics=tuple(t.value for t in parsed.topics),
        kinds=(filters["kind"],) if filters.get("kind") else (),
        ward=filters.get("ward") or (parsed.place.value if parsed.place else ""),
        topic=filters.get("topic", ""),
        audience=filters.get("audience", ""),
        mode=filters.get("mode", ""),
        sort=sort,
        offset=offset,
        limit=limit,
        today=timezone.localdate(),
    )
    return replace(request, **overrides) if overrides else request


def _counter(filters: dict):
    """How many pages a set of word groups matches (to choose between typo corrections)."""
    backend = get_search_backend()

    def count(groups) -> int:
        request = SearchRequest(alternatives=groups, limit=1, with_facets=False)
        return backend.search(request).total

    return count


def _run(query: str, *, filters: dict, use_place: bool = True, **options):
    """(parsed query, result); a recognised place that leaves nothing is dropped, so "phong
    trao hoc tap hong ha" still finds the news that merely mentions Hồng Hà."""
    backend = get_search_backend()
    parsed = parse_query(query, places=use_place, count=_counter(filters))
    if parsed.is_empty:
        return parsed, SearchResult(hits=[], total=0)
    result = backend.search(_request_for(parsed, filters=filters, **options))
    if not result.hits and result.total == 0 and parsed.place is not None:
        if filters.get("ward"):
            return parsed, result
        placed = parsed
        parsed = parse_query(query, places=False, count=_counter(filters))
        if parsed.is_empty:
            return parsed, result
        result = backend.search(_request_for(parsed, filters=filters, **options))
        if result.total == 0 and placed.terms:
            # Nothing at that place, even as words: what there is elsewhere, said so.
            placed.place_elsewhere = True
            result = backend.search(_request_for(placed, filters=filters, ward="", **options))
            parsed = placed
    return parsed, result


def ranked_page_ids(query: str, *, kinds: tuple[str, ...] = (), limit: int = 500) -> list[int]:
    """Ids of the pages matching `query`, best first (at most `limit`), for listings that
    order their own rows by this relevance. A query without words matches nothing."""
    _parsed, result = _run(
        query,
        filters={},
        sort="relevance",
        offset=0,
        limit=limit,
        kinds=kinds,
        with_facets=False,
        with_total=False,
        fields=False,
    )
    return result.page_ids


def _url(params: dict, **changes) -> str:
    merged = {**params, **changes}
    merged.pop("page", None)
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _kind_label(kind: str) -> str:
    try:
        return str(apps.get_model(kind)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return _("Trang")


class _PageUrls:
    """A page's URL from its `url_path`, without loading the page (one read of the sites)."""

    def __init__(self):
        self.roots = sorted(Site.get_site_root_paths(), key=lambda r: -len(r.root_path))

    def __call__(self, url_path: str) -> str | None:
        for root in self.roots:
            if url_path.startswith(root.root_path):
                return "/" + url_path[len(root.root_path) :]
        return None


def site_search(*, params: dict) -> SiteSearch:
    """Everything /tim-kiem/ shows for its query string (already a plain dict of str)."""
    raw = params.get("q", "")
    query = clean_query(raw, max_length=MAX_QUERY)
    result = SiteSearch(query=query)
    if len(nfc(raw).strip()) > MAX_QUERY:
        result.message = _("Từ khóa dài quá nên chỉ %(n)s ký tự đầu được dùng.") % {"n": MAX_QUERY}
    if not query:
        result.message = _("Hãy nhập từ khóa, ví dụ: tin học cơ bản (gõ không dấu cũng được).")
        return result
    if not fold(query).strip() or not any(ch.isalnum() for ch in query):
        result.message = _(
            "Từ khóa chưa có chữ hoặc số nào để tìm. Hãy thử lại, ví dụ: tin hoc cau giay."
        )
        return result

    filters = {facet: str(params.get(param, ""))[:120] for param, facet in PARAM_FACETS.items()}
    filters = {k: v for k, v in filters.items() if v}
    sort = "date" if params.get("sap_xep") == "ngay" else "relevance"
    use_place = params.get("noi") != "0"
    number = _page_number(params.get("page", 1))
    parsed, found = _run(
        query,
        filters=filters,
        sort=sort,
        offset=(number - 1) * RESULTS_PER_PAGE,
        limit=RESULTS_PER_PAGE,
        use_place=use_place,
    )
    base = {k: v for k, v in params.items() if k in {"q", "sap_xep", "noi", *PARAM_FACETS}}
    result.sort = sort
    result.sort_urls = {
        "relevance": _url(base, sap_xep=""),
        "date": _url(base, sap_xep="ngay"),
    }
    labels = facet_dictionary()["labels"]
    if parsed.place_elsewhere:
        result.message = _(
            "Không có kết quả ở %(place)s. Dưới đây là kết quả ở các phường, xã khác."
        ) % {"place": parsed.place.label}
    elif parsed.place is not None:
        result.chips.append(
            Chip(
                label=_("ở %(place)s") % {"place": parsed.place.label},
                remove_url=_url(base, noi="0"),
            )
        )
    for param, facet in PARAM_FACETS.items():
        if value := filters.get(facet):
            label = _kind_label(value) if facet == "kind" else labels.get(facet, {}).get(value)
            result.chips.append(Chip(label=label or value, remove_url=_url(base, **{param: ""})))
    if parsed.suggestion:
        result.suggestion = parsed.suggestion
        result.suggestion_url = _url(base, q=parsed.suggestion)
    result.total = found.total
    if found.total == 0:
        result.message = result.message or _(
            "Không tìm thấy kết quả. Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc."
        )
        return result

    page_obj = Paginator(_HitCounter(found.total), RESULTS_PER_PAGE).get_page(number)
    if page_obj.number != number:
        parsed, found = _run(
            query,
            filters=filters,
            sort=sort,
            offset=page_obj.start_index() - 1,
            limit=RESULTS_PER_PAGE,
            use_place=use_place,
        )
    result.page_obj = page_obj
    result.page_query = urlencode({k: v for k, v in base.items() if v})
    result.cards = _cards(found, parsed)
    if parsed.suggestion and found.hits:
        result.suggestion = _spelled_like(parsed.suggestion, found.hits[0].title)
        result.suggestion_url = _url(base, q=result.suggestion)
    result.facets = _facets(found, base, filters, labels)
    if found.facets_sampled:
        result.facets_note = _("Số đếm là ước tính (tính trên một phần kết quả).")
    return result


def _spelled_like(suggestion: str, title: str) -> str:
    """The suggestion's words spelled as the best result's title spells them ("tin học cơ
    bản", not the vocabulary's first-seen "cố ban")."""
    spelled = {fold(word): word for word in words(title)}
    return " ".join(spelled.get(fold(word), word) for word in suggestion.split())


def _cards(found: SearchResult, parsed: ParsedQuery) -> list[ResultCard]:
    terms = {w for group in parsed.alternatives for t in group for w in t.split()}
    prefixes = (
        {t.split()[-1] for t in parsed.alternatives[-1]}
        if parsed.alternatives and parsed.prefix_last
        else set()
    )
    if parsed.place is not None:
        terms |= set(parsed.place.words)
    urls = _PageUrls()
    by_kind: dict[str, list[int]] = {}
    for hit in found.hits:
        by_kind.setdefault(hit.kind, []).append(hit.page_id)
    live: dict[int, list[str]] = {}
    for kind, ids in by_kind.items():
        live.update(live_card_lines(kind, ids))
    cards = []
    for hit in found.hits:
        cards.append(
            ResultCard(
                page_id=hit.page_id,
                kind=hit.kind,
                kind_label=_kind_label(hit.kind),
                title=highlight(hit.title, terms, prefixes=prefixes),
                summary=highlight(hit.summary, terms, prefixes=prefixes),
                url=urls(hit.url_path),
                date=hit.date,
                lines=[*hit.meta, *live.get(hit.page_id, [])],
            )
        )
    return cards


def _facets(found: SearchResult, base: dict, filters: dict, labels: dict) -> list[Facet]:
    facets = []
    reverse = {facet: param for param, facet in PARAM_FACETS.items()}
    for name, counts in found.facets.items():
        if not counts:
            continue
        param = reverse[name]
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        options = []
        for value, count in ordered:
            label = _kind_label(value) if name == "kind" else labels.get(name, {}).get(value)
            selected = filters.get(name) == value
            options.append(
                FacetOption(
                    value=value,
                    label=label or value,
                    count=count,
                    selected=selected,
                    url=_url(base, **{param: "" if selected else value}),
                )
            )
        facets.append(Facet(name=name, param=param, title=str(FACET_TITLES[name]), options=options))
    order = list(FACET_TITLES)
    return sorted(facets, key=lambda f: order.index(f.name))


def autocomplete(query: str, *, limit: int = 8) -> list[dict]:
    """Suggestions for what is being typed: places, topics and titles (labels only: no
    personal data, nothing but public page titles and the index's own dictionary)."""
    parsed = parse_query(query, places=False, correct=False)
    if not parsed.terms:
        return []
    typed = " ".join(parsed.terms)
    dictionary = facet_dictionary()
    suggestions: list[dict] = []
    for kind, names in (("place", dictionary["places"]), ("topic", dictionary["topics"])):
        for named in names:
            folded = " ".join(named.words)
            if folded.startswith(typed) or (len(typed) >= 3 and f" {typed}" in f" {folded}"):
                suggestions.append({"type": kind, "label": named.label, "q": named.label})
            if len(suggestions) >= 3:
                break
    for title in get_search_backend().autocomplete_titles(parsed.alternatives, limit=limit):
        suggestions.append({"type": "title", "label": title, "q": title})
    seen = set()
    unique = []
    for item in suggestions:
        if item["label"] not in seen:
            seen.add(item["label"])
            unique.append(item)
    return unique[:limit]

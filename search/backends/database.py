"""The embedded default: the database's own full-text engine over the folded document table.

- SQLite: FTS5 (`search_fts`, external content on search_searchdocument, kept in step by
  triggers). Whole words; the last word also as a prefix; ranked by bm25 with the title
  column weighted 4x the text.
- PostgreSQL: `to_tsquery('simple', …)` against the generated `search_vector` column (GIN
  index); ranked by ts_rank with the title weighted A and the text D.

On both, results are ordered first by tiers that mean the same everywhere (the title holds
the words exactly as typed with their marks; the title holds the folded phrase; a recognised
topic), then by the engine's relevance times the page type's prior. The filters, facets and
ordering are the same SQL on both; only the match and rank fragments differ.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchDocument
from ..text import fold, folded_text
from . import Hit, SearchRequest, SearchResult

DOC_TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_fts"
TITLE_WEIGHT = 4.0
TOP_K = 200
RANK_ALL = 10_000
FACET_SAMPLE = 1000
AUTOCOMPLETE_SAMPLE = 300
UPSERT_FIELDS = (
    "kind",
    "title",
    "title_lower",
    "title_folded",
    "text_lower",
    "text_folded",
    "summary",
    "url_path",
    "ward_code",
    "audience",
    "delivery_mode",
    "topic_slugs",
    "date",
    "meta",
    "boost",
    "filter_tokens",
)


def _row(doc: dict) -> SearchDocument:
    return SearchDocument(
        page_id=doc["page_id"],
        filter_tokens=filter_tokens(doc),
        **{name: doc[name] for name in UPSERT_FIELDS if name != "filter_tokens"},
    )


class DatabaseSearchBackend:
    transactional = True

    # -- writes ---------------------------------------------------------------------------

    def index_documents(self, docs: list[dict]) -> None:
        if not docs:
            return
        SearchDocument.objects.bulk_create(
            [_row(doc) for doc in docs],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=[*UPSERT_FIELDS, "updated_at"],
            batch_size=500,
        )

    def remove_pages(self, page_ids: list[int]) -> None:
        SearchDocument.objects.filter(page_id__in=page_ids).delete()

    def clear(self) -> None:
        SearchDocument.objects.all().delete()

    def rebuild(self, batches, *, progress=None) -> int:
        """Replace the whole index with the documents of `batches` (lists of dicts) in one
        transaction: readers see the old index until the new one is committed."""
        count = 0
        with transaction.atomic():
            self.clear()
            for batch in batches:
                self.index_documents(batch)
                count += len(batch)
                if progress:
                    progress(count)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        return count

    # -- reads ----------------------------------------------------------------------------

    def _where(self, request: SearchRequest, *, title_only: bool = False):
        """(FROM, WHERE parts, params, page id expression, rank expression, rank params) of
        the matching pages, filters included, for this database.

        SQLite: one FTS5 MATCH; the filters are words of the `filter_tokens` column
        (`w00167`, `tkynangso`…), so the engine intersects its own posting lists instead of
        joining every match to the table. PostgreSQL: the tsquery and the filter columns in
        one WHERE (the planner combines the GIN and b-tree indexes)."""
        groups = request.alternatives
        if connection.vendor == "postgresql":
            where, params, rank, rank_params = [], [], "1.0", []
            if groups:
                query = _tsquery(groups, request.prefix_last, weight="A" if title_only else "")
                where.append("d.search_vector @@ to_tsquery('simple', %s)")
                params.append(query)
                rank = "ts_rank(d.search_vector, to_tsquery('simple', %s))"
                rank_params = [query]
            filter_where, filter_params = self._filters(request)
            return (
                f"{DOC_TABLE} d",
                [*where, *filter_where] or ["TRUE"],
                [*params, *filter_params],
                "d.page_id",
                rank,
                rank_params,
            )
        parts = []
        if groups:
            expression = _fts_query(groups, request.prefix_last)
            parts.append(f"title_folded : ({expression})" if title_only else f"({expression})")
        for tokens in filter_token_groups(request):
            # Tokens hold only a-z and 0-9 (see _token), so quoting them is enough.
            quoted = " OR ".join(f'"{token}"' for token in tokens)
            parts.append(f"filter_tokens : ({quoted})")
        return (
            FTS_TABLE,
            [f"{FTS_TABLE} MATCH %s", f"rank MATCH 'bm25({TITLE_WEIGHT}, 1.0, 0.0)'"],
            [" AND ".join(parts)],
            "rowid",
            "-rank",
            [],
        )

    def _candidates(self, request: SearchRequest, *, capped: bool, huge: bool) -> tuple:
        """(page_id, score) of the matching pages. `capped`: the engine's best TOP_K (plus
        the requested page) only. `huge` (more than RANK_ALL matches: a word most pages
        contain): the best title matches first, the rest unranked."""
        cap = max(TOP_K, request.offset + request.limit)
        src, where, params, pk, rank, rank_params = self._where(request)
        order = "ORDER BY rank" if src == FTS_TABLE else "ORDER BY score DESC"
        if huge and capped and request.alternatives:
            tsrc, twhere, tparams, tpk, trank, trank_params = self._where(request, title_only=True)
            ranked = (
                f"SELECT {tpk} AS page_id, 1000.0 + {trank} AS score FROM {tsrc} "
                f"WHERE {' AND '.join(twhere)} {order} LIMIT %s"
            )
            rest = (
                f"SELECT {pk} AS page_id, 0.0 AS score FROM {src} "
                f"WHERE {' AND '.join(where[:1] if src == FTS_TABLE else where)} LIMIT %s"
            )
            return (
                "SELECT page_id, MAX(score) AS score FROM ("
                f"SELECT page_id, score FROM ({ranked}) r1 "
                f"UNION ALL SELECT page_id, score FROM ({rest}) r2) u GROUP BY page_id",
                [*trank_params, *tparams, cap, *params, cap],
            )
        if not capped:
            # Sorted by date: every match is a candidate, and no rank is needed.
            where = where[:1] if src == FTS_TABLE else where
            return (
                f"SELECT {pk} AS page_id, 0.0 AS score FROM {src} WHERE {' AND '.join(where)}",
                params,
            )
        return (
            f"SELECT {pk} AS page_id, {rank} AS score FROM {src} "
            f"WHERE {' AND '.join(where)} {order} LIMIT %s",
            [*rank_params, *params, cap],
        )

    def _filters(self, request: SearchRequest) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        if request.kinds:
            where.append(f"d.kind IN ({', '.join(['%s'] * len(request.kinds))})")
            params.extend(request.kinds)
        if request.ward:
            where.append("d.ward_code = %s")
            params.append(request.ward)
        if request.topic:
            where.append("d.topic_slugs LIKE %s")
            params.append(f"% {_like_safe(request.topic)} %")
        if request.audience:
            where.append("d.audience = %s")
            params.append(request.audience)
        if request.mode:
            where.append("d.delivery_mode = %s")
            params.append(request.mode)
        return where, params

    def _tiers(self, request: SearchRequest) -> tuple[str, list]:
        parts: list[str] = []
        params: list = []
        padded_title_lower = "(' ' || d.title_lower || ' ')"
        padded_title_folded = "(' ' || d.title_folded || ' ')"
        if request.phrase_lower and request.has_marks:
            parts.append(f"CASE WHEN {padded_title_lower} LIKE %s THEN 8 ELSE 0 END")
            params.append(f"% {_like_safe(request.phrase_lower)} %")
        if request.phrase_folded:
            parts.append(f"CASE WHEN {padded_title_folded} LIKE %s THEN 4 ELSE 0 END")
            params.append(f"% {_like_safe(request.phrase_folded)} %")
            if request.prefix_last:
                parts.append(f"CASE WHEN {padded_title_folded} LIKE %s THEN 2 ELSE 0 END")
                params.append(f"% {_like_safe(request.phrase_folded)}%")
        for slug in request.boost_topics[:3]:
            parts.append("CASE WHEN d.topic_slugs LIKE %s THEN 1 ELSE 0 END")
            params.append(f"% {_like_safe(slug)} %")
        return (" + ".join(parts) or "0"), params

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of hits, ranked: tiers first (see the module docstring), then the
        engine's relevance times the page type's prior.

        Only the engine's best TOP_K matches are ordered by tier (a page with the typed
        phrase in its title is among them: bm25/ts_rank weight the title); past RANK_ALL
        matches the title matches are ranked and the rest follow unranked. The total is
        exact; facet counts are exact up to FACET_SAMPLE matches and counted on the first
        FACET_SAMPLE beyond that (`facets_sampled`)."""
        capped = request.sort == "relevance"
        with connection.cursor() as cursor:
            total = self._count(cursor, request)
            if not total:
                return SearchResult(hits=[], total=0, facets={})
            huge = total > RANK_ALL
            candidates, candidate_params = self._candidates(request, capped=capped, huge=huge)
            tier_sql, tier_params = self._tiers(request)
            if request.sort == "date":
                today = request.today or timezone.localdate()
                order = (
                    "CASE WHEN d.date >= %s THEN 0 WHEN d.date IS NOT NULL THEN 1 ELSE 2 END, "
                    "CASE WHEN d.date >= %s THEN d.date END ASC NULLS LAST, d.date DESC, "
                    "tier DESC, score DESC, d.page_id"
                )
                order_params = [today, today]
            else:
                order = "tier DESC, score DESC, d.page_id"
                order_params = []
            columns = (
                "d.page_id, d.kind, d.title, d.summary, d.url_path, d.date, d.ward_code, d.meta"
                if request.fields
                else "d.page_id"
            )
            # MATERIALIZED: the engine answers once, and the table is read only for the
            # candidates (never the other way round).
            sql = (
                f"WITH m AS MATERIALIZED ({candidates}) "
                f"SELECT {columns}, ({tier_sql}) AS tier, m.score * d.boost AS score "
                f"FROM m JOIN {DOC_TABLE} d ON d.page_id = m.page_id "
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
            cursor.execute(
                sql,
                [
                    *candidate_params,
                    *tier_params,
                    *order_params,
                    request.limit,
                    request.offset,
                ],
            )
            rows = cursor.fetchall()
            facets: dict = {}
            sampled = False
            if request.with_facets:
                sampled = total > FACET_SAMPLE
                facets = self._facets(cursor, request)
        if request.fields:
            hits = [
                Hit(
                    page_id=row[0],
                    kind=row[1],
                    title=row[2],
                    summary=row[3],
                    url_path=row[4],
                    date=_as_date(row[5]),
                    ward_code=row[6],
                    meta=_as_list(row[7]),
                )
                for row in rows
            ]
        else:
            hits = [Hit(page_id=row[0]) for row in rows]
        return SearchResult(hits=hits, total=total, facets=facets, facets_sampled=sampled)

    def _count(self, cursor, request) -> int:
        src, where, params, _pk, _rank, _rank_params = self._where(request)
        if src == FTS_TABLE:
            where = where[:1]  # no ranking needed to count
        cursor.execute(f"SELECT COUNT(*) FROM {src} WHERE {' AND '.join(where)}", params)
        return int(cursor.fetchone()[0])

    def _facets(self, cursor, request):
        # One pass over (at most FACET_SAMPLE of) the matches, materialised once, then one
        # small GROUP BY per facet (a single GROUP BY over every facet column would return
        # one row per combination: thousands on a large index).
        src, where, params, pk, _rank, _rank_params = self._where(request)
        if src == FTS_TABLE:
            where = where[:1]  # no ranking needed
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT {pk} AS page_id FROM {src} "
            f"WHERE {' AND '.join(where)} LIMIT %s), s AS MATERIALIZED (SELECT"
            " d.kind, d.ward_code, d.audience, d.delivery_mode, d.topic_slugs "
            f"FROM m JOIN {DOC_TABLE} d ON d.page_id = m.page_id) "
            "SELECT 'kind', kind, COUNT(*) FROM s GROUP BY kind "
            "UNION ALL SELECT 'ward', ward_code, COUNT(*) FROM s GROUP BY ward_code "
            "UNION ALL SELECT 'audience', audience, COUNT(*) FROM s GROUP BY audience "
            "UNION ALL SELECT 'mode', delivery_mode, COUNT(*) FROM s GROUP BY delivery_mode "
            "UNION ALL SELECT 'topic', topic_slugs, COUNT(*) FROM s GROUP BY topic_slugs",
            [*params, FACET_SAMPLE],
        )
        counters = {name: Counter() for name in ("kind", "ward", "audience", "mode", "topic")}
        for facet, value, n in cursor.fetchall():
            if facet == "topic":
                for slug in (value or "").split():
                    counters["topic"][slug] += n
            elif value:
                counters[facet][value] += n
        return {name: dict(counter) for name, counter in counters.items()}

    def autocomplete_titles(self, alternatives, *, limit: int = 6) -> list[str]:
        """Distinct titles whose title words start with the typed words."""
        if not alternatives:
            return []
        if connection.vendor == "postgresql":
            query = _tsquery(alternatives, True, weight="A")
            sql = (
                f"SELECT d.title FROM {DOC_TABLE} d "
                "WHERE d.search_vector @@ to_tsquery('simple', %s) LIMIT %s"
            )
            params = [query, AUTOCOMPLETE_SAMPLE]
        else:
            sql = (
                f"WITH m AS MATERIALIZED (SELECT rowid AS page_id FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s LIMIT %s) "
                f"SELECT d.title FROM m JOIN {DOC_TABLE} d ON d.page_id = m.page_id"
            )
            params = [
                "title_folded : (" + _fts_query(alternatives, True) + ")",
                AUTOCOMPLETE_SAMPLE,
            ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            titles = [row[0] for row in cursor.fetchall()]
        # The first AUTOCOMPLETE_SAMPLE matches (no ranking of every match: "t" matches most
        # of the index), shortest titles first: the closest to what is typed.
        # Titles that begin with what is typed first.
        typed = " ".join(group[0] for group in alternatives)
        return sorted(
            dict.fromkeys(titles),
            key=lambda t: (not folded_text(t).startswith(typed), len(t), t),
        )[:limit]


def _fts_query(groups, prefix_last: bool) -> str:
    """FTS5 syntax from folded words: every word quoted (they hold only letters and digits,
    see search.text.words), so nothing a resident types is read as an operator. A group
    member with spaces (a recognised topic, "tin hoc") is a phrase: adjacent words."""
    parts = []
    for i, group in enumerate(groups):
        last = prefix_last and i == len(groups) - 1
        quoted = [f'"{word}"*' if last else f'"{word}"' for word in group]
        parts.append(quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})")
    return " AND ".join(parts)


def _tsquery(groups, prefix_last: bool, *, weight: str = "") -> str:
    parts = []
    for i, group in enumerate(groups):
        last = prefix_last and i == len(groups) - 1
        suffix = (":*" if last else ":") + weight if (last or weight) else ""
        if suffix == ":":
            suffix = ""
        words = [
            " <-> ".join(word.split()[:-1] + [word.split()[-1] + suffix])
            if " " in word
            else f"{word}{suffix}"
            for word in group
        ]
        words = [f"({w})" if " <-> " in w else w for w in words]
        parts.append(words[0] if len(words) == 1 else f"({' | '.join(words)})")
    return " & ".join(parts)


def _like_safe(text: str) -> str:
    # Words hold only letters, digits and spaces; drop LIKE's wildcards all the same.
    return text.replace("%", "").replace("_", "").replace("\\", "")


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_list(value):
    if isinstance(value, list):
        return value
    try:
        return json.loads(value or "[]")
    except (TypeError, ValueError):
        return []


def _token(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^a-z0-9]", "", fold(value))


def filter_tokens(doc: dict) -> str:
    """Words for the filters, indexed by FTS5 in their own column (weight 0 in bm25)."""
    tokens = [_token("k", doc["kind"])]
    if doc.get("ward_code"):
        tokens.append(_token("w", doc["ward_code"]))
    if doc.get("audience"):
        tokens.append(_token("a", doc["audience"]))
    if doc.get("delivery_mode"):
        tokens.append(_token("m", doc["delivery_mode"]))
    tokens += [_token("t", slug) for slug in (doc.get("topic_slugs") or "").split()]
    return " ".join(tokens)


def filter_token_groups(request: SearchRequest) -> list[list[str]]:
    """The filter words a page must have: one group per filter, any word of a group."""
    groups = []
    if request.kinds:
        groups.append([_token("k", kind) for kind in request.kinds])
    for prefix, value in (
        ("w", request.ward),
        ("t", request.topic),
        ("a", request.audience),
        ("m", request.mode),
    ):
        if value:
            groups.append([_token(prefix, value)])
    return groups

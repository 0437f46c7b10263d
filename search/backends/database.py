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
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchDocument
from . import Hit, SearchRequest, SearchResult

DOC_TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_fts"
TITLE_WEIGHT = 4.0
TOP_K = 500
RANK_ALL = 10_000
FACET_SAMPLE = 2000
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
)


def _row(doc: dict) -> SearchDocument:
    return SearchDocument(page_id=doc["page_id"], **{name: doc[name] for name in UPSERT_FIELDS})


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

    def _candidates(
        self, request: SearchRequest, *, capped: bool, huge: bool = False
    ) -> tuple[str, list]:
        """SQL for the matching pages as (page_id, score) and its params.

        `capped`: only the engine's best TOP_K (plus the requested page), ranked inside the
        engine. `huge` (more than RANK_ALL matches: a word most pages contain): ranking
        every match would cost more than it tells, so the best title matches come first and
        the rest follow unranked."""
        groups = request.alternatives
        if not groups:
            return f"SELECT page_id, 1.0 AS score FROM {DOC_TABLE}", []
        cap = max(TOP_K, request.offset + request.limit)
        postgres = connection.vendor == "postgresql"
        if huge and capped:
            if postgres:
                title = _tsquery(groups, request.prefix_last, weight="A")
                query = _tsquery(groups, request.prefix_last)
                ranked = (
                    "SELECT page_id, 1.0 + ts_rank(search_vector, to_tsquery('simple', %s)) "
                    f"AS score FROM {DOC_TABLE} "
                    "WHERE search_vector @@ to_tsquery('simple', %s) ORDER BY score DESC LIMIT %s"
                )
                rest = (
                    f"SELECT page_id, 0.0 AS score FROM {DOC_TABLE} "
                    "WHERE search_vector @@ to_tsquery('simple', %s) LIMIT %s"
                )
                params = [title, title, cap, query, cap]
            else:
                expression = _fts_query(groups, request.prefix_last)
                ranked = (
                    f"SELECT rowid AS page_id, 1000.0 - rank AS score FROM {FTS_TABLE} "
                    f"WHERE {FTS_TABLE} MATCH %s AND rank MATCH 'bm25({TITLE_WEIGHT}, 1.0)' "
                    "ORDER BY rank LIMIT %s"
                )
                rest = (
                    f"SELECT rowid AS page_id, 0.0 AS score FROM {FTS_TABLE} "
                    f"WHERE {FTS_TABLE} MATCH %s LIMIT %s"
                )
                params = [f"title_folded : ({expression})", cap, expression, cap]
            return (
                "SELECT page_id, MAX(score) AS score FROM ("
                f"SELECT page_id, score FROM ({ranked}) r1 "
                f"UNION ALL SELECT page_id, score FROM ({rest}) r2) u GROUP BY page_id",
                params,
            )
        if postgres:
            query = _tsquery(groups, request.prefix_last)
            sql = (
                "SELECT page_id, ts_rank(search_vector, to_tsquery('simple', %s)) AS score "
                f"FROM {DOC_TABLE} WHERE search_vector @@ to_tsquery('simple', %s)"
            )
            params = [query, query]
            if capped:
                sql += " ORDER BY score DESC LIMIT %s"
                params.append(cap)
            return sql, params
        sql = (
            f"SELECT rowid AS page_id, -rank AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rank MATCH 'bm25({TITLE_WEIGHT}, 1.0)'"
        )
        params = [_fts_query(groups, request.prefix_last)]
        if capped:
            sql += " ORDER BY rank LIMIT %s"
            params.append(cap)
        return sql, params

    def _matches(self, request: SearchRequest, *, limit: int | None) -> tuple[str, list]:
        """SQL for the matching page ids (no ranking), at most `limit` of them."""
        groups = request.alternatives
        if not groups:
            sql, params = f"SELECT page_id FROM {DOC_TABLE}", []
        elif connection.vendor == "postgresql":
            sql = f"SELECT page_id FROM {DOC_TABLE} WHERE search_vector @@ to_tsquery('simple', %s)"
            params = [_tsquery(groups, request.prefix_last)]
        else:
            sql = f"SELECT rowid AS page_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            params = [_fts_query(groups, request.prefix_last)]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return sql, params

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

        Without filters, only the engine's best TOP_K matches are ordered by tier (a very
        common word then costs no more than a rare one; a page with the typed phrase in its
        title is among them, as bm25/ts_rank weight the title). With filters every match is
        considered, so a ward's few courses are never cut off. The total is exact; facet
        counts are exact up to FACET_SAMPLE matches and counted on the first FACET_SAMPLE
        beyond that (`facets_sampled`)."""
        filter_where, filter_params = self._filters(request)
        filtered = bool(filter_where)
        capped = not filtered and request.sort == "relevance"
        where_sql = f"WHERE {' AND '.join(filter_where)}" if filter_where else ""
        total = None
        if capped and request.alternatives:
            # Counting matches in the engine alone is cheap; it says whether ranking every
            # match is worth it.
            with connection.cursor() as cursor:
                total = self._count(cursor, request, where_sql, filter_params)
        huge = total is not None and total > RANK_ALL
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
        sql = (
            f"SELECT {columns}, ({tier_sql}) AS tier, m.score * d.boost AS score "
            f"FROM ({candidates}) m JOIN {DOC_TABLE} d ON d.page_id = m.page_id "
            f"{where_sql} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        all_params = [
            *tier_params,
            *candidate_params,
            *filter_params,
            *order_params,
            request.limit,
            request.offset,
        ]
        facets: dict = {}
        sampled = False
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            rows = cursor.fetchall()
            if total is not None:
                pass
            elif request.with_total or request.with_facets:
                total = self._count(cursor, request, where_sql, filter_params)
            else:
                total = len(rows)
            if request.with_facets and total:
                sampled = total > FACET_SAMPLE
                facets = self._facets(cursor, request, where_sql, filter_params)
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

    def _count(self, cursor, request, where_sql, filter_params) -> int:
        matches, params = self._matches(request, limit=None)
        if where_sql:
            cursor.execute(
                f"SELECT COUNT(*) FROM ({matches}) m JOIN {DOC_TABLE} d "
                f"ON d.page_id = m.page_id {where_sql}",
                [*params, *filter_params],
            )
        else:
            cursor.execute(f"SELECT COUNT(*) FROM ({matches}) m", params)
        return int(cursor.fetchone()[0])

    def _facets(self, cursor, request, where_sql, filter_params):
        # One pass over (at most FACET_SAMPLE of) the matches, materialised once, then one
        # small GROUP BY per facet (a single GROUP BY over every facet column would return
        # one row per combination: thousands on a large index).
        matches, params = self._matches(request, limit=None if where_sql else FACET_SAMPLE)
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT"
            f"  d.kind, d.ward_code, d.audience, "
            f"d.delivery_mode, d.topic_slugs FROM ({matches}) m JOIN {DOC_TABLE} d "
            f"ON d.page_id = m.page_id {where_sql}) "
            "SELECT 'kind', kind, COUNT(*) FROM s GROUP BY kind "
            "UNION ALL SELECT 'ward', ward_code, COUNT(*) FROM s GROUP BY ward_code "
            "UNION ALL SELECT 'audience', audience, COUNT(*) FROM s GROUP BY audience "
            "UNION ALL SELECT 'mode', delivery_mode, COUNT(*) FROM s GROUP BY delivery_mode "
            "UNION ALL SELECT 'topic', topic_slugs, COUNT(*) FROM s GROUP BY topic_slugs",
            [*params, *filter_params],
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
                f"SELECT d.title FROM {FTS_TABLE} JOIN {DOC_TABLE} d "
                f"ON d.page_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT %s"
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
        return sorted(dict.fromkeys(titles), key=lambda t: (len(t), t))[:limit]


def _fts_query(groups, prefix_last: bool) -> str:
    """FTS5 syntax from folded words: every word quoted (they hold only letters and digits,
    see search.text.words), so nothing a resident types is read as an operator."""
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
        words = [f"{word}{suffix}" for word in group]
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

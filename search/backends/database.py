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

    def _match(self, request: SearchRequest) -> tuple[str, list[str], list, str, list]:
        """(FROM clause, WHERE parts, their params, rank expression, its params)."""
        groups = request.alternatives
        if not groups:
            return f"{DOC_TABLE} d", [], [], "1.0", []
        if connection.vendor == "postgresql":
            query = _tsquery(groups, request.prefix_last)
            return (
                f"{DOC_TABLE} d",
                ["d.search_vector @@ to_tsquery('simple', %s)"],
                [query],
                "ts_rank(d.search_vector, to_tsquery('simple', %s))",
                [query],
            )
        return (
            f"{FTS_TABLE} JOIN {DOC_TABLE} d ON d.page_id = {FTS_TABLE}.rowid",
            [f"{FTS_TABLE} MATCH %s"],
            [_fts_query(groups, request.prefix_last)],
            f"(-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0))",
            [],
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
        from_sql, where, params, rank_sql, rank_params = self._match(request)
        filter_where, filter_params = self._filters(request)
        where = where + filter_where
        params = params + filter_params
        where_sql = f"WHERE {' AND '.join(where)}" if where else ""
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
            f"SELECT {columns}, ({tier_sql}) AS tier, ({rank_sql}) * d.boost AS score "
            f"FROM {from_sql} {where_sql} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        all_params = [
            *tier_params,
            *rank_params,
            *params,
            *order_params,
            request.limit,
            request.offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            rows = cursor.fetchall()
            if request.with_facets:
                total, facets = self._facets(cursor, from_sql, where_sql, params)
            elif request.with_total:
                total, facets = self._count(cursor, from_sql, where_sql, params), {}
            else:
                total, facets = len(rows), {}
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
        return SearchResult(hits=hits, total=total, facets=facets)

    def _count(self, cursor, from_sql, where_sql, params) -> int:
        cursor.execute(f"SELECT COUNT(*) FROM {from_sql} {where_sql}", params)
        return int(cursor.fetchone()[0])

    def _facets(self, cursor, from_sql, where_sql, params):
        # One pass over the matches: grouped by every facet column at once, then summed per
        # facet here (topics are a list per row).
        cursor.execute(
            "SELECT d.kind, d.ward_code, d.audience, d.delivery_mode, d.topic_slugs, COUNT(*) "
            f"FROM {from_sql} {where_sql} GROUP BY d.kind, d.ward_code, d.audience, "
            "d.delivery_mode, d.topic_slugs",
            params,
        )
        counters = {name: Counter() for name in ("kind", "ward", "audience", "mode", "topic")}
        total = 0
        for kind, ward, audience, mode, topics, n in cursor.fetchall():
            total += n
            counters["kind"][kind] += n
            if ward:
                counters["ward"][ward] += n
            if audience:
                counters["audience"][audience] += n
            if mode:
                counters["mode"][mode] += n
            for slug in (topics or "").split():
                counters["topic"][slug] += n
        return total, {name: dict(counter) for name, counter in counters.items()}

    def autocomplete_titles(self, alternatives, *, limit: int = 6) -> list[str]:
        """Distinct titles whose title words start with the typed words."""
        if not alternatives:
            return []
        if connection.vendor == "postgresql":
            query = _tsquery(alternatives, True, weight="A")
            sql = (
                f"SELECT d.title FROM {DOC_TABLE} d "
                "WHERE d.search_vector @@ to_tsquery('simple', %s) "
                "ORDER BY length(d.title_folded), d.title LIMIT %s"
            )
            params = [query, limit * 8]
        else:
            sql = (
                f"SELECT d.title FROM {FTS_TABLE} JOIN {DOC_TABLE} d "
                f"ON d.page_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s "
                "ORDER BY length(d.title_folded), d.title LIMIT %s"
            )
            params = ["title_folded : (" + _fts_query(alternatives, True) + ")", limit * 8]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            titles = [row[0] for row in cursor.fetchall()]
        return list(dict.fromkeys(titles))[:limit]


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

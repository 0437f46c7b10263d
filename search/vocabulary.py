"""Typo tolerance over the folded vocabulary of the index (search.models.SearchTerm).

A query word that no document contains is corrected to a known word at most one edit away
(one wrong, missing, extra or swapped letter: Damerau-Levenshtein distance 1). Candidates
are found with the index, never by scanning: all single edits of the word looked up in the
unique index on SQLite and PostgreSQL, and on PostgreSQL also `pg_trgm` similarity (GIN
index) for longer words. Among candidates a swap beats a wrong letter ("mihn" is "minh", not
"miễn"), which beats a missing or extra one ("hco" is "hoc", not "co"), then the more
frequent word wins.
"""

from __future__ import annotations

import string

from django.db import connection

from .models import SearchTerm

ALPHABET = string.ascii_lowercase + string.digits
MIN_TYPO_LENGTH = 2


def edits1(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def edit_kind(word: str, candidate: str) -> int | None:
    """0 for two letters swapped (the commonest slip on a phone keyboard), 1 for one wrong
    letter, 2 for a missing or extra letter, None if further."""
    if len(word) == len(candidate):
        diff = [i for i, (a, b) in enumerate(zip(word, candidate, strict=True)) if a != b]
        if len(diff) == 1:
            return 1
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i, j = diff
            if word[i] == candidate[j] and word[j] == candidate[i]:
                return 0
        return None
    short, long_ = sorted((word, candidate), key=len)
    if len(long_) - len(short) != 1:
        return None
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return 2
    return None


def known_terms(terms: list[str]) -> dict[str, tuple[str, int]]:
    """{term: (display, doc_count)} for the terms that are in the vocabulary."""
    return {
        term: (display, count)
        for term, display, count in SearchTerm.objects.filter(term__in=set(terms)).values_list(
            "term", "display", "doc_count"
        )
    }


def has_prefix(prefix: str) -> bool:
    # A range instead of LIKE 'p%': it uses the unique index on any collation.
    return SearchTerm.objects.filter(term__gte=prefix, term__lt=prefix + "{").exists()


def corrections(terms: list[str], *, keep: int = 2) -> dict[str, list[tuple[str, str]]]:
    """{unknown term: [(corrected term, its display form), …]} best first (at most `keep`),
    for the terms that have any."""
    terms = [t for t in terms if len(t) >= MIN_TYPO_LENGTH and len(t) <= 30]
    if not terms:
        return {}
    candidates: dict[str, set[str]] = {t: edits1(t) for t in terms}
    wanted = set().union(*candidates.values())
    found = dict(_lookup(wanted))
    if connection.vendor == "postgresql":
        found.update(_trigram_candidates([t for t in terms if len(t) >= 5]))
    result: dict[str, list[tuple[str, str]]] = {}
    for term in terms:
        scored = []
        for candidate, (display, count) in found.items():
            kind = edit_kind(term, candidate)
            if kind is not None:
                scored.append((kind, -count, candidate, display))
        if scored:
            result[term] = [(c, d or c) for _k, _n, c, d in sorted(scored)[:keep]]
    return result


def _lookup(candidates: set[str]):
    items = sorted(candidates)
    # SQLite allows 32,766 parameters; chunks keep long words well under it.
    for i in range(0, len(items), 2000):
        yield from (
            (term, (display, count))
            for term, display, count in SearchTerm.objects.filter(
                term__in=items[i : i + 2000]
            ).values_list("term", "display", "doc_count")
        )


def _trigram_candidates(terms: list[str]) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        for term in terms:
            cursor.execute(
                f"SELECT term, display, doc_count FROM {table} "
                "WHERE term %% %s ORDER BY similarity(term, %s) DESC LIMIT 20",
                [term, term],
            )
            for candidate, display, count in cursor.fetchall():
                found[candidate] = (display, count)
    return found

"""The relevance set (tests/search/relevance.py) on this run's database: SQLite by default,
PostgreSQL under DATABASE_URL (.ci/run runs both)."""

import sys

import pytest

from tests.search.relevance import QUERIES, build_relevance_pages, evaluate, summary

pytestmark = pytest.mark.django_db


def test_relevance_set_has_at_least_sixty_queries_of_every_kind():
    categories = {category for _q, _e, category in QUERIES}
    assert len(QUERIES) >= 60
    assert {"title", "typo", "place", "audience", "order"} <= categories


def test_relevance_set_recall_and_mrr(capsys):
    outcomes = evaluate(build_relevance_pages())
    figures = summary(outcomes)
    misses = [o for o in outcomes if o.recall_at_5 < 1.0 or o.reciprocal_rank < 1.0]
    with capsys.disabled():
        sys.stdout.write(
            "\nrelevance: {queries} queries, recall@5 {recall@5:.3f}, MRR {MRR:.3f}, "
            "title recall@5 {title recall@5:.3f}\n".format(**figures)
        )
        for o in misses:
            sys.stdout.write(f"  {o.category:8} {o.query!r}: expected {o.expected}, top {o.top}\n")
    # Exact and folded title queries must always find their page in the first five.
    assert figures["title recall@5"] == 1.0
    assert figures["recall@5"] >= 0.95
    assert figures["MRR"] >= 0.9

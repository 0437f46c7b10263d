"""Runs last in `seed_demo`: the demo creates many pages in bulk, so index them once."""

from .services import search_reindex_all


def seed(*, small: bool = False) -> str:
    return f"search index rebuilt ({search_reindex_all()} pages)"

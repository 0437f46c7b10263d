"""Where a record's activity can be seen: the apps that own the sources say so through the
`participation_activity_links` hook (this app knows nothing of courses)."""

from wagtail import hooks


def activity_links(keys, *, request=None) -> dict[str, dict]:
    """{activity key: {"url", "name"}} for the activities other apps can link to (the
    `participation_activity_links` hook: fn(keys, request) -> dict for the keys it knows,
    in a constant number of queries). Keys no hook knows are missing from the result;
    `url` may be relative to the site."""
    keys = sorted({key for key in keys if key})
    links: dict[str, dict] = {}
    if not keys:
        return links
    for fn in hooks.get_hooks("participation_activity_links"):
        links.update(fn(keys, request) or {})
    return links

"""A small checker of the xAPI 1.0.3 statement requirements the export relies on, written
from the specification (xAPI-Spec, Part Two: "Experience API Data", section 2.4): not a
full conformance suite, but every MUST on the properties our statements use."""

import datetime
import re
import uuid

STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
# ISO 8601 durations as 2.4.5 allows them (PnYnMnDTnHnMnS with optional fractions, or PnW).
DURATION = re.compile(
    r"^P(?:\d+W|(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?"
    r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)$"
)
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")


def _iri(value, where, errors):
    if not (isinstance(value, str) and IRI.match(value)):
        errors.append(f"{where}: not an IRI: {value!r}")


def _language_map(value, where, errors):
    if not (isinstance(value, dict) and value):
        errors.append(f"{where}: not a non-empty language map")
        return
    for tag, text in value.items():
        if not LANGUAGE_TAG.match(tag) or not isinstance(text, str):
            errors.append(f"{where}: bad entry {tag!r}")


def _activity(value, where, errors):
    if not isinstance(value, dict):
        errors.append(f"{where}: not an object")
        return
    if value.get("objectType", "Activity") != "Activity":
        errors.append(f"{where}.objectType: not Activity")
    _iri(value.get("id"), f"{where}.id", errors)
    definition = value.get("definition", {})
    if "name" in definition:
        _language_map(definition["name"], f"{where}.definition.name", errors)
    if "type" in definition:
        _iri(definition["type"], f"{where}.definition.type", errors)


def _timestamp(value, where, errors):
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where}: not ISO 8601: {value!r}")
        return
    if parsed.tzinfo is None:
        errors.append(f"{where}: no time zone offset")


def statement_errors(statement: dict) -> list[str]:
    """Every violation found in `statement` (an empty list when valid)."""
    errors: list[str] = []
    extra = set(statement) - STATEMENT_KEYS
    if extra:
        errors.append(f"unknown properties {sorted(extra)}")
    try:
        if str(uuid.UUID(statement.get("id", ""))) != statement.get("id"):
            errors.append("id: not a lower-case hyphenated UUID")
    except (ValueError, AttributeError, TypeError):
        errors.append("id: not a UUID")
    actor = statement.get("actor")
    if not isinstance(actor, dict):
        errors.append("actor: missing")
    else:
        if actor.get("objectType", "Agent") != "Agent":
            errors.append("actor.objectType: not Agent")
        present = [key for key in IFIS if key in actor]
        if len(present) != 1:
            errors.append(f"actor: needs exactly one IFI, has {present}")
        account = actor.get("account")
        if account is not None:
            if set(account) != {"homePage", "name"}:
                errors.append("actor.account: needs exactly homePage and name")
            _iri(account.get("homePage"), "actor.account.homePage", errors)
            if not (isinstance(account.get("name"), str) and account.get("name")):
                errors.append("actor.account.name: missing")
    verb = statement.get("verb")
    if not isinstance(verb, dict):
        errors.append("verb: missing")
    else:
        _iri(verb.get("id"), "verb.id", errors)
        if "display" in verb:
            _language_map(verb["display"], "verb.display", errors)
    if "object" not in statement:
        errors.append("object: missing")
    else:
        _activity(statement["object"], "object", errors)
    result = statement.get("result")
    if result is not None:
        duration = result.get("duration")
        if duration is not None and not (isinstance(duration, str) and DURATION.match(duration)):
            errors.append(f"result.duration: not ISO 8601: {duration!r}")
        for flag in ("completion", "success"):
            if flag in result and not isinstance(result[flag], bool):
                errors.append(f"result.{flag}: not a boolean")
    context = statement.get("context")
    if context is not None:
        for kind, activities in context.get("contextActivities", {}).items():
            if kind not in ("parent", "grouping", "category", "other"):
                errors.append(f"context.contextActivities: unknown {kind}")
            for i, activity in enumerate(
                activities if isinstance(activities, list) else [activities]
            ):
                _activity(activity, f"context.contextActivities.{kind}[{i}]", errors)
        if "language" in context and not LANGUAGE_TAG.match(context["language"]):
            errors.append("context.language: not an RFC 5646 tag")
        for key in context.get("extensions", {}):
            _iri(key, "context.extensions key", errors)
    if "timestamp" in statement:
        _timestamp(statement["timestamp"], "timestamp", errors)
    if "version" in statement and not re.match(r"^1\.0\.\d+$", statement["version"]):
        errors.append("version: not 1.0.x")
    return errors

"""Schemathesis hooks of scripts/test-schemathesis.sh (docs/schemathesis.md).

A request can be valid by the schema and still name something that does not exist (a lesson id,
a metric of that experiment) or break a rule between fields (weights summing to 1). No schema can
express those, so the built-in `positive_data_acceptance` check is switched off for exactly the
operations listed here (scripts/schemathesis/schemathesis.toml), and this check takes its place
there: a schema-valid request may be rejected only with one of the listed error codes. Any other
rejection of a schema-valid request still fails the run.
"""
import pathlib
import tomllib

import schemathesis

# operationId -> {error code the server may answer a schema-valid request with: why no schema can say it}
UNEXPRESSIBLE = {
    "listLessons": {"invalid_cursor": "a cursor must be one the API issued; its shape is in the schema, not its origin"},
    "listNotifications": {"invalid_cursor": "a cursor must be one the API issued; its shape is in the schema, not its origin"},
    "register": {"password_too_long": "the limit is 72 UTF-8 bytes (bcrypt); JSON Schema counts characters"},
    "createLesson": {
        "unknown_subject": "subject must name an existing subject (data, not schema)",
        "unknown_prerequisite": "prerequisites must name existing lessons",
    },
    "updateLesson": {
        "unknown_subject": "subject must name an existing subject (data, not schema)",
        "unknown_prerequisite": "prerequisites must name existing lessons",
    },
    "classifyDifficulty": {"unknown_prerequisite": "prerequisites must name existing lessons"},
    "broadcastNotification": {"unknown_learner": "learnerIds must name existing learners"},
    "createExperiment": {
        "invalid_weights": "variant weights must sum to 1 (a rule across items)",
        "duplicate_variant": "variant keys must be unique (uniqueness of one field of the items)",
        "duplicate_metric": "metric names must be unique (uniqueness of one field of the items)",
        "invalid_primary_metric": "exactly one metric is primary (a rule across items)",
        "invalid_metric_type": "a server-measured source fixes the metric's type (a rule between fields)",
        "invalid_config": "a variant's config is limited in encoded bytes, not in JSON Schema terms",
    },
    "updateExperiment": {
        "key_mismatch": "the body's key must equal the path's (a rule between path and body)",
        "invalid_weights": "variant weights must sum to 1 (a rule across items)",
        "duplicate_variant": "variant keys must be unique (uniqueness of one field of the items)",
        "duplicate_metric": "metric names must be unique (uniqueness of one field of the items)",
        "invalid_primary_metric": "exactly one metric is primary (a rule across items)",
        "invalid_metric_type": "a server-measured source fixes the metric's type (a rule between fields)",
        "invalid_config": "a variant's config is limited in encoded bytes, not in JSON Schema terms",
    },
    "experimentEvent": {
        "unknown_metric": "metric must be one of this experiment's metrics (data, not schema)",
        "metric_not_reportable": "only the experiment's `events`-sourced metrics are reported (data)",
        "invalid_value": "the value's range depends on the named metric's type (data)",
    },
    "setExperimentOverride": {
        "unknown_variant": "variant must be one of this experiment's variants (data)",
        "invalid_override": "exactly one of variant and excluded:true (a rule between fields)",
    },
    "recordProgress": {
        "unknown_quiz_item": "itemId must name an existing quiz item",
        "unknown_lesson": "lessonId must name an existing lesson",
        "invalid_occurred_at": "occurredAt must not be over 5 minutes ahead of the server's clock (a moving bound)",
    },
}

_CONFIG = pathlib.Path(__file__).with_name("schemathesis.toml")
_switched_off = {
    operation_id
    for section in tomllib.loads(_CONFIG.read_text())["operations"]
    if section.get("checks", {}).get("positive_data_acceptance", {}).get("enabled") is False
    for operation_id in section["include-operation-id"]
}
# The two lists must agree: an operation switched off without codes here would go unchecked.
assert _switched_off == set(UNEXPRESSIBLE), f"schemathesis.toml and hooks.py disagree: {_switched_off ^ set(UNEXPRESSIBLE)}"

_ACCEPTED = {401, 403, 404, 409, 429}


@schemathesis.check
def listed_rejections_only(ctx, response, case):
    """positive_data_acceptance, except for the listed error codes of the listed operations."""
    allowed = UNEXPRESSIBLE.get(case.operation.definition.raw.get("operationId"))
    meta = case.meta
    if allowed is None or meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status < 400 or status in _ACCEPTED or status >= 500:
        return None
    try:
        code = response.json()["error"]["code"]
    except Exception:
        code = None
    if code not in allowed:
        raise AssertionError(f"Schema-valid request rejected with {status} {code!r}; "
                             f"only {sorted(allowed)} are listed as beyond the schema for this operation")
    return None

"""OpenAPI post-processing: describe the errors and preconditions every operation shares.

drf-spectacular documents success bodies from the serializers; the shapes common to all
operations (problem-details errors, the If-Match header, the ETag) are added here once so that
generated clients know every response they can receive.
"""

from __future__ import annotations

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Field name to its messages (400 only).",
            "additionalProperties": {"type": "array", "items": {}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

COMMON_ERRORS = {
    "400": "The request is not valid; errors lists each field's messages.",
    "401": "Not signed in: send a session cookie or 'Authorization: Token <key>'.",
    "403": "Signed in, but the rules do not allow this.",
    "404": "No such record, or not one you may see.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "415": "Unsupported media type: send application/json.",
    "429": "Too many requests.",
}
WRITE_ERRORS = {
    "409": "The record is frozen (published) and cannot change.",
    "412": "If-Match does not name the record's current version.",
    "428": "If-Match is missing.",
}


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}},
        },
    }


def add_problem_responses(result, generator, request, public):
    """Add the Problem schema, error responses, If-Match and ETag to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if method in {"put", "patch", "delete"}:
                errors |= WRITE_ERRORS
                operation.setdefault("parameters", []).append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": True,
                        "description": "The ETag of the record as you read it.",
                        "schema": {"type": "string"},
                    }
                )
            for code, description in errors.items():
                responses.setdefault(code, _problem_response(description))
            for code, response in responses.items():
                if code.startswith("2") and method in {"get", "put", "patch"}:
                    response.setdefault("headers", {})["ETag"] = {
                        "description": "The record's version, for If-Match (detail only).",
                        "schema": {"type": "string"},
                    }
    return result

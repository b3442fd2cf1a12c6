"""OpenAPI post-processing: describe the errors and preconditions every operation shares.

drf-spectacular documents success bodies from the serializers; the shapes common to all
operations (problem-details errors, the If-Match header, the ETag) are added here once so that
generated clients know every response they can receive.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, safe_ref
from inflection import camelize

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
BODY_ERRORS = {
    "413": "The request body is larger than the server accepts.",
}
POST_ERRORS = {
    "409": "The record it belongs to is frozen (published), or the step is not allowed now.",
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
            if method in {"post", "put", "patch"}:
                errors |= BODY_ERRORS
            if method == "post":
                errors |= POST_ERRORS
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


class AutoSchema(openapi.AutoSchema):
    """Name every choice set after its model and field (``MandateStatusEnum``).

    drf-spectacular's default names an enum after the field alone (``StatusEnum``) and renames
    it with a hash as soon as another model adds a ``status`` with other choices, which breaks
    generated clients whenever an app grows and makes ``--fail-on-warn`` fail. Naming by model
    and field is stable: adding a model never renames another model's enum.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        model = getattr(getattr(field.parent, "Meta", None), "model", None)
        is_array = schema.get("type") == "array"
        target = schema.get("items") if is_array else schema
        if model is None or not isinstance(target, dict) or "enum" not in target:
            return schema
        named = self._named_enum(f"{model.__name__}{camelize(field.source)}Enum", target)
        if is_array:
            return {**schema, "items": named}
        return named

    def _named_enum(self, name: str, prop: dict) -> dict:
        original = prop["enum"]
        prop = {k: v for k, v in prop.items() if k != "x-spec-enum-id"}
        enum = {"enum": [v for v in original if v not in ("", None)]}
        if "type" in prop:
            enum["type"] = prop.pop("type")
        prop.pop("enum")
        description = prop.get("description", "")
        if description.startswith("*"):
            enum["description"] = prop.pop("description")
        elif "\n\n*" in description:
            before, _, after = description.partition("\n\n*")
            prop["description"], enum["description"] = before, "*" + after
        refs = [self._component(name, enum)]
        if "" in original:
            refs.append(self._component("BlankEnum", {"enum": [""]}))
        if None in original:
            refs.append(self._component("NullEnum", {"enum": [None]}))
        if len(refs) == 1:
            return safe_ref({**prop, **refs[0]})
        return {**prop, "oneOf": refs}

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref

"""Errors in one shape: RFC 9457 problem details, with field-level messages under ``errors``."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from childrens_services.models import FrozenRecordError, StaleRecordError


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it; fetch it again and retry."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the record you read, so no update is lost."
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record cannot change in its present state."
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the server accepts."
    default_code = "request_too_large"


TITLES = {
    400: "Invalid request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request too large",
    415: "Unsupported media type",
    428: "Precondition required",
    429: "Too many requests",
}


def protected_delete_reason(exc: ProtectedError | RestrictedError) -> str:
    """Why a delete was refused because other records still refer to the record.

    Names the kinds and counts of the referring records, never their titles: they may belong
    to another authority, whose data a refusal must not quote.
    """
    referring = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    counts: dict[str, int] = {}
    plurals: dict[str, str] = {}
    for record in referring:
        opts = record._meta
        counts[opts.verbose_name] = counts.get(opts.verbose_name, 0) + 1
        plurals[opts.verbose_name] = str(opts.verbose_name_plural)
    kinds = ", ".join(
        f"{n} {name if n == 1 else plurals[name]}" for name, n in sorted(counts.items())
    )
    return (
        "Nothing was deleted: other records still refer to this one"
        f"{f' ({kinds})' if kinds else ''}. Remove or change those first."
    )


def _flatten(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(f"{key}: {_flatten(value)}" for key, value in detail.items())
    return str(detail)


def problem_details_handler(exc, context):
    """Turn any API error into ``application/problem+json`` with a stable shape."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        exc = RequestTooLarge(f"{RequestTooLarge.default_detail} ({exc})")
    elif isinstance(exc, StaleRecordError):
        exc = PreconditionFailed(exc.message)
    elif isinstance(exc, FrozenRecordError):
        exc = Conflict(str(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(protected_delete_reason(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    status_code = response.status_code
    body: dict = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            body["detail"] = "Some fields are not valid; see errors."
            body["errors"] = detail
        else:
            body["detail"] = _flatten(detail)
            body["errors"] = {"non_field_errors": detail}
    else:
        body["detail"] = _flatten(response.data.get("detail", response.data))
    problem = Response(body, status=status_code, headers=dict(response.headers))
    problem.content_type = "application/problem+json"
    return problem

"""Errors as `application/problem+json` (RFC 9457), with the invalid fields listed.

    {"type": "about:blank", "title": "Invalid input.", "status": 400,
     "detail": "...", "errors": [{"field": "title", "message": "This field is required."}]}

Services raise Django's ValidationError / PermissionDenied / Http404; they are answered like
DRF's own exceptions, so a rule enforced by a service reads the same as one of a serializer.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into [{field, message}] ("contacts.0.email")."""
    errors: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            field = f"{prefix}.{name}" if prefix else str(name)
            if field.endswith("non_field_errors") or name == "__all__":
                field = prefix
            errors += _field_errors(value, field)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                errors += _field_errors(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                errors.append({"field": prefix, "message": str(value)})
    else:
        errors.append({"field": prefix, "message": str(detail)})
    return errors


def _as_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    return exc


def problem(status_code: int, title: str, detail: str = "", **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _as_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            response.status_code,
            _("Invalid input."),
            _("Some fields are missing or invalid; see errors."),
            errors=_field_errors(exc.detail),
        ).data
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        title = {
            status.HTTP_401_UNAUTHORIZED: _("Not authenticated."),
            status.HTTP_403_FORBIDDEN: _("Forbidden."),
            status.HTTP_404_NOT_FOUND: _("Not found."),
            status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests."),
        }.get(response.status_code, _("Request refused."))
        body = problem(response.status_code, title, str(detail)).data
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response

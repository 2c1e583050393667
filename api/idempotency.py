"""`Idempotency-Key` on writes: a retried request gets the first response, nothing is done twice.

The record is inserted in the write's own transaction, before the write: a concurrent retry
waits on the unique index until the first commits, then replays its response; if the first
fails with a server error, its transaction (record included) is rolled back and a retry runs
afresh. Responses below 500 are kept, errors included (the same request gives the same answer).
"""

import hashlib
import json

from django.db import transaction
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .exceptions import PROBLEM_CONTENT_TYPE, problem
from .models import ApiKey, IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 200


class Replay(Exception):
    def __init__(self, response: Response):
        self.response = response


def _scope(request: Request) -> str:
    if isinstance(request.auth, ApiKey):
        return f"key:{request.auth.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request: Request) -> str:
    try:
        body = request._request.body
    except RawPostDataException:
        body = json.dumps(request.data, sort_keys=True, default=str).encode()
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    headers = {REPLAYED_HEADER: "true"}
    if record.location:
        headers["Location"] = record.location
    content_type = PROBLEM_CONTENT_TYPE if record.status_code >= 400 else None
    return Response(
        record.body, status=record.status_code, headers=headers, content_type=content_type
    )


def idempotency_begin(request: Request) -> IdempotencyRecord | None:
    """The new record for this write, or None without the header. Raises Replay when the
    request was already answered (or when the key was used for another request)."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return None
    if len(key) > KEY_MAX_LENGTH:
        raise Replay(problem(400, _("Invalid Idempotency-Key."), _("At most 200 characters.")))
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        record, created = IdempotencyRecord.objects.get_or_create(
            scope=_scope(request), key=key, defaults={"fingerprint": fingerprint}
        )
    if created:
        return record
    if record.fingerprint != fingerprint:
        raise Replay(
            problem(
                422,
                _("Idempotency-Key already used."),
                _("This key was sent with another request. Use a new key for a new request."),
            )
        )
    raise Replay(_replay(record))


def idempotency_finish(record: IdempotencyRecord, response: Response) -> None:
    if response.status_code >= 500:
        return
    record.status_code = response.status_code
    record.body = json.loads(JSONRenderer().render(response.data) or b"null")
    record.location = response.headers.get("Location", "")
    record.save(update_fields=["status_code", "body", "location"])

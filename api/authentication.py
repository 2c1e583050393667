"""`Authorization: Bearer wk_...`: the request acts as the key's owner, with their current rights.

A key is refused when it is revoked or expired, or when its owner no longer holds the role it
was created for (an admin of the key's organization, staff of the key's cluster). The first
such refusal is recorded and the organization's admins (or the cluster's staff) are told.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.models import User

from .keys import token_matches, token_prefix
from .models import ApiKey
from .permissions import key_owner_has_rights
from .selectors import api_key_get
from .services import api_key_owner_lost

# last_used_at is written at most this often per key (not one UPDATE per request).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request) -> tuple[User, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        token = token.strip()
        prefix = token_prefix(token)
        key = None
        if prefix is not None:
            key = api_key_get(prefix=prefix)
        if key is None or not token_matches(token, key.token_hash):
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        now = timezone.now()
        if key.expires_at is not None and key.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not key_owner_has_rights(key):
            api_key_owner_lost(key=key)
            raise exceptions.AuthenticationFailed(
                _("The owner of this API key no longer has the rights it needs.")
            )
        if key.last_used_at is None or key.last_used_at < now - LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key.owner, key

    def authenticate_header(self, request) -> str:
        return self.keyword

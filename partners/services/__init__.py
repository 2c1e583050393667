"""Every write to an organization, by topic: `organizations` (the profile, its slug and
verification), `contacts`, `invitations`, and `memberships` (with the join requests).

Rules: the services that the portal's pages and the admin call check who acts
(`PermissionDenied`, with the rules of permissions.py), then the state of the objects
(`ValidationError`). `organization_create`/`organization_update` are the building blocks
beneath them (imports, demo data): they check the fields only.

Import from the topic modules; the names below are re-exported for `services.<name>` callers.
"""

from .contacts import (
    CONTACT_FIELDS,
    organization_contacts_save,
    organization_contacts_set,
)
from .invitations import (
    INVITATION_VALIDITY,
    MESSAGE_ALREADY_MEMBER,
    MESSAGE_INVITATION_EXPIRED,
    MESSAGE_INVITATION_OTHER_EMAIL,
    MESSAGE_INVITATION_REVOKED,
    MESSAGE_INVITATION_USED,
    invitation_accept,
    invitation_check_usable,
    invitation_create,
    invitation_revoke,
    invitation_token_hash,
)
from .memberships import (
    MESSAGE_JOIN_REQUEST_DECIDED,
    MESSAGE_JOIN_REQUEST_PENDING,
    MESSAGE_YOU_ARE_MEMBER,
    join_request_approve,
    join_request_create,
    join_request_decline,
    membership_add,
    membership_remove,
)
from .organizations import (
    EDITABLE_FIELDS,
    SLUG_BASE_LENGTH,
    SLUG_MAX_LENGTH,
    organization_changed_announce,
    organization_create,
    organization_detect_language,
    organization_hidden_announce,
    organization_import_slug,
    organization_profile_save,
    organization_slug_base,
    organization_slug_follows_rule,
    organization_slug_refresh,
    organization_translations_set,
    organization_unique_slug,
    organization_unverify,
    organization_update,
    organization_verify,
)

__all__ = [
    "CONTACT_FIELDS",
    "EDITABLE_FIELDS",
    "INVITATION_VALIDITY",
    "MESSAGE_ALREADY_MEMBER",
    "MESSAGE_INVITATION_EXPIRED",
    "MESSAGE_INVITATION_OTHER_EMAIL",
    "MESSAGE_INVITATION_REVOKED",
    "MESSAGE_INVITATION_USED",
    "MESSAGE_JOIN_REQUEST_DECIDED",
    "MESSAGE_JOIN_REQUEST_PENDING",
    "MESSAGE_YOU_ARE_MEMBER",
    "SLUG_BASE_LENGTH",
    "SLUG_MAX_LENGTH",
    "invitation_accept",
    "invitation_check_usable",
    "invitation_create",
    "invitation_revoke",
    "invitation_token_hash",
    "join_request_approve",
    "join_request_create",
    "join_request_decline",
    "membership_add",
    "membership_remove",
    "organization_changed_announce",
    "organization_contacts_save",
    "organization_contacts_set",
    "organization_create",
    "organization_detect_language",
    "organization_hidden_announce",
    "organization_import_slug",
    "organization_profile_save",
    "organization_slug_base",
    "organization_slug_follows_rule",
    "organization_slug_refresh",
    "organization_translations_set",
    "organization_unique_slug",
    "organization_unverify",
    "organization_update",
    "organization_verify",
]

"""Every URL pattern of the project, requested by each of the seven personas.

`EXPECTED` is the one table of who gets what. Each row names a URL pattern (several rows per
pattern when the object's state matters: a draft, a published or an anonymous opportunity),
the request to make, and the outcome for each persona, in the order of `PERSONAS`:

    visitor, member_a, org_admin_a, org_admin_b, staff_x, staff_y, consortium_admin

Organization A is in cluster X, organization B in cluster Y; the objects are A's (see
objects.py) unless the row says otherwise. A POST row sends harmless data (usually nothing):
what is checked is the permission decision, and the walk rolls every request back.

Every GET row is requested with HEAD too, and must answer alike (same outcome and content
type, no body): load balancers, uptime monitors and link checkers send HEAD.

A URL pattern with no row fails `test_every_url_pattern_has_a_decision`, so a new view cannot
ship without someone deciding who may use it. The Django admin is one rule (`admin_outcome`):
consortium admins get the page, everyone else the log-in page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.personas import PERSONAS, client_for
from tests.security.objects import Objects, build_objects
from tests.security.url_patterns import UrlPattern, project_url_patterns
from tests.security.walk import LOGIN, OK, REDIRECT, head_mismatch, outcome, request_rolled_back

R = REDIRECT
L = LOGIN


@dataclass(frozen=True)
class Row:
    method: str
    kwargs: Callable[[Objects], dict] = field(default=lambda o: {})
    expect: tuple = ()
    data: Callable[[Objects], dict] | None = None
    query: Callable[[Objects], str] | None = None
    setup: Callable[[Objects], None] | None = None


def _opp(attribute: str) -> Callable[[Objects], dict]:
    return lambda o: {"pk": getattr(o, attribute).pk}


def _attachment(opportunity: str, attachment: str) -> Callable[[Objects], dict]:
    return lambda o: {
        "pk": getattr(o, opportunity).pk,
        "attachment_pk": getattr(o, f"attachment_{attachment}").pk,
    }


def _in_a(attribute: str) -> Callable[[Objects], dict]:
    """An invitation, join request or membership of organization A, under A's URL."""
    return lambda o: {"slug": o.world.org_a.slug, "pk": getattr(o, attribute).pk}


def _alert_a(o: Objects) -> dict:
    return {"pk": o.alert_a.pk}


def _notification_a(o: Objects) -> dict:
    return {"pk": o.notification_a.pk}


def _accept(o: Objects) -> dict:
    return {f"interest-{o.eoi.pk}-decision": "accept"}


def _opportunity(attribute: str) -> Callable[[Objects], dict]:
    return lambda o: {"opportunity_id": getattr(o, attribute).pk}


def _intro(attribute: str) -> Callable[[Objects], dict]:
    return lambda o: {"interest_id": getattr(o, attribute).pk}


def _cluster_x_query(o: Objects) -> str:
    return f"cluster={o.world.cluster_x.slug}"


def _unverify_b(o: Objects) -> None:
    o.world.org_b.is_verified = False
    o.world.org_b.save(update_fields=["is_verified"])


def _org_a(o: Objects) -> dict:
    return {"slug": o.world.org_a.slug}


def _org_b(o: Objects) -> dict:
    return {"slug": o.world.org_b.slug}


def _area(o: Objects) -> str:
    return o.opp_draft.technology_areas.first().slug


def _event_to_draft(o: Objects) -> None:
    o.events.event.status = "draft"
    o.events.event.save(update_fields=["status"])


def _since(o: Objects) -> str:
    return "modified_since=2020-01-01T00:00:00Z"


def _cluster_x(o: Objects) -> dict:
    return {"slug": o.world.cluster_x.slug}


def _event(o: Objects) -> dict:
    return {"slug": o.events.event.slug}


def _in_event(attribute: str) -> Callable[[Objects], dict]:
    return lambda o: {"slug": o.events.event.slug, "pk": getattr(o.events, attribute).pk}


def _as_a(o: Objects) -> str:
    return f"as={o.events.registration_a.pk}"


# Outcomes: OK (200), L (sent to log in), R (another redirect: done, or refused with a message
# by the service), 400 (form errors shown), 403 (refused), 404 (hidden), 405 (wrong method).
# fmt: off
#                  visitor member_a admin_a admin_b staff_x staff_y consortium
ALL_OK = (OK,) * 7
SIGNED_IN = (L, OK, OK, OK, OK, OK, OK)
A_INSIDERS = (404, OK, OK, 404, OK, 404, OK)  # A's members, cluster X staff, consortium admins
B_INSIDERS = (404, 404, 404, OK, 404, OK, OK)
A_EDITORS = (L, 403, OK, 403, OK, 403, OK)  # A's admins, cluster X staff, consortium admins
A_EDITORS_POST = (L, 403, R, 403, R, 403, R)
A_EDITORS_400 = (L, 403, 400, 403, 400, 403, 400)
X_STAFF = (L, 403, 403, 403, OK, 403, OK)
X_STAFF_POST = (L, 403, 403, 403, R, 403, R)
X_FIGURES = (403, 403, 403, 403, OK, 403, OK)
OWNERS_POST = (L, R, R, 403, 403, 403, 403)  # A's members act on a public opportunity of A
OWNERS_POST_DRAFT = (L, R, R, 404, 403, 404, 403)  # ... on a draft (hidden from B's side)
AB_SIDES_POST = (L, R, R, R, 403, 403, 403)  # the two sides of A <-> B act; staff only look
B_C_SIDE = (L, 404, 404, OK, 404, OK, OK)
STAFF_KPI = (L, 403, 403, 403, OK, OK, OK)  # cluster staff (their own cluster), admins (any)
MEMBER_A_ONLY = (L, OK, 404, 404, 404, 404, 404)
MEMBER_A_ONLY_POST = (L, R, 404, 404, 404, 404, 404)

EXPECTED: dict[tuple[str, str], Row] = {
    # --- site ----------------------------------------------------------------------------
    ("home", ""):                          Row("GET", expect=ALL_OK),
    ("healthz", ""):                       Row("GET", expect=ALL_OK),
    ("set_language", ""):                  Row("POST", data=lambda o: {"language": "fr"},
                                               expect=(R,) * 7),
    # Visitors choose by GET (sets the cookie); for a member a GET changes nothing.
    ("set_language", "GET"):               Row("GET", query=lambda o: "language=fr&next=/stats/",
                                               expect=(R,) * 7),
    ("dashboard:home", ""):                Row("GET", expect=SIGNED_IN),
    ("dashboard:list", "member's list"):   Row("GET", lambda o: {"name": "sent"},
                                               expect=(L, OK, OK, OK, 404, 404, 404)),
    ("dashboard:list", "staff list"):      Row("GET", lambda o: {"name": "review"},
                                               expect=(L, 404, 404, 404, OK, OK, OK)),
    ("dashboard:list", "unknown list"):    Row("GET", lambda o: {"name": "nothing"},
                                               expect=(L, 404, 404, 404, 404, 404, 404)),
    # --- clusters ------------------------------------------------------------------------
    ("clusters:list", ""):                 Row("GET", expect=ALL_OK),
    ("clusters:detail", ""):               Row("GET", _cluster_x, expect=ALL_OK),
    ("clusters:edit", ""):                 Row("GET", _cluster_x, expect=X_STAFF),
    # --- directory and organization management -------------------------------------------
    ("partners:list", ""):                 Row("GET", expect=ALL_OK),
    ("partners:detail", ""):               Row("GET", _org_a, expect=ALL_OK),
    ("partners:detail", "unverified B"):   Row("GET", _org_b, setup=_unverify_b,
                                               expect=B_INSIDERS),
    ("partners:create", ""):               Row("GET", expect=(L, 403, 403, 403, OK, OK, OK)),
    ("partners:edit", ""):                 Row("GET", _org_a, expect=A_EDITORS),
    ("partners:history", ""):              Row("GET", _org_a, expect=A_EDITORS),
    ("partners:members", ""):              Row("GET", _org_a, expect=A_EDITORS),
    ("partners:verify", ""):               Row("POST", _org_a, expect=X_STAFF_POST),
    ("partners:invite", "empty form"):     Row("POST", _org_a, expect=A_EDITORS_400),
    ("partners:invitation_revoke", ""):    Row("POST", _in_a("invitation_a"),
                                               expect=A_EDITORS_POST),
    ("partners:join_request_decide", ""):  Row("POST", _in_a("join_request_a"),
                                               data=lambda o: {"decision": "approve"},
                                               expect=A_EDITORS_POST),
    ("partners:membership_remove", ""):    Row("POST", _in_a("membership_a"),
                                               expect=A_EDITORS_POST),
    ("partners:join", ""):                 Row("GET", _org_a,
                                               expect=(L, 403, 403, OK, OK, OK, OK)),
    # --- marketplace ---------------------------------------------------------------------
    ("opportunities:list", ""):            Row("GET", expect=ALL_OK),
    ("opportunities:create", ""):          Row("GET", expect=(L, OK, OK, OK, R, R, R)),
    ("opportunities:detail", "draft"):     Row("GET", _opp("opp_draft"), expect=A_INSIDERS),
    ("opportunities:detail", "submitted"): Row("GET", _opp("opp_submitted"),
                                               expect=A_INSIDERS),
    ("opportunities:detail", "published"): Row("GET", _opp("opp_published"), expect=ALL_OK),
    ("opportunities:detail", "anonymous"): Row("GET", _opp("opp_anonymous"),
                                               expect=(404, OK, OK, OK, OK, OK, OK)),
    ("opportunities:detail", "B draft"):   Row("GET", _opp("opp_b_draft"), expect=B_INSIDERS),
    ("opportunities:edit", "draft"):       Row("GET", _opp("opp_draft"),
                                               expect=(L, OK, OK, 404, 403, 404, 403)),
    ("opportunities:edit", "published"):   Row("GET", _opp("opp_published"),
                                               expect=(L, R, R, 403, 403, 403, 403)),
    ("opportunities:submit", "draft"):     Row("POST", _opp("opp_draft"),
                                               expect=OWNERS_POST_DRAFT),
    ("opportunities:review", "publish"):   Row("POST", _opp("opp_submitted"),
                                               data=lambda o: {"decision": "publish"},
                                               expect=(L, 403, 403, 404, R, 404, R)),
    ("opportunities:renew", "published"):  Row("POST", _opp("opp_published"),
                                               expect=OWNERS_POST),
    ("opportunities:close", "published"):  Row("POST", _opp("opp_published"),
                                               data=lambda o: {"reason": "filled"},
                                               expect=(L, R, R, 403, R, 403, R)),
    ("opportunities:interest", "empty"):   Row("POST", _opp("opp_published"),
                                               expect=(L, 400, 400, 400, 400, 400, 400)),
    ("opportunities:interest", "draft"):   Row("POST", _opp("opp_draft"),
                                               expect=(L, 400, 400, 404, 400, 404, 400)),
    ("opportunities:answer", "accept"):    Row("POST", lambda o: {"pk": o.eoi.pk},
                                               data=_accept, expect=OWNERS_POST),
    ("opportunities:attachment", "draft"): Row("GET", _attachment("opp_draft", "draft"),
                                               expect=A_INSIDERS),
    ("opportunities:attachment", "pub."):  Row("GET", _attachment("opp_published", "published"),
                                               expect=ALL_OK),
    ("opportunities:attachment", "B"):     Row("GET", _attachment("opp_b_draft", "b_draft"),
                                               expect=B_INSIDERS),
    ("opportunities:attachment_delete", ""): Row("POST", _attachment("opp_draft", "draft"),
                                                 expect=OWNERS_POST_DRAFT),
    # --- partnering events (cluster X organises; member_a, org_admin_b take part) ---------
    ("events:list", ""):                   Row("GET", expect=ALL_OK),
    ("events:detail", ""):                 Row("GET", _event, expect=ALL_OK),
    ("events:create", ""):                 Row("GET", expect=(L, 403, 403, 403, OK, OK, OK)),
    ("events:edit", ""):                   Row("GET", _event, expect=X_STAFF),
    ("events:manage", ""):                 Row("GET", _event, expect=X_STAFF),
    ("events:publish", "published"):       Row("POST", _event, expect=X_STAFF_POST),
    ("events:close", ""):                  Row("POST", _event, expect=X_STAFF_POST),
    ("events:registration_decide", ""):    Row("POST", _in_event("registration_a"),
                                               data=lambda o: {"decision": "approve"},
                                               expect=X_STAFF_POST),
    ("events:register", ""):               Row("GET", _event,
                                               expect=(L, OK, OK, OK, 403, 403, 403)),
    ("events:registration_edit", "A's"):   Row("GET", _in_event("registration_a"),
                                               expect=(L, OK, 404, 404, OK, 404, OK)),
    ("events:participants", ""):           Row("GET", _event,
                                               expect=(L, OK, 403, OK, OK, 403, OK)),
    ("events:participants", "as A"):       Row("GET", _event, query=_as_a,
                                               expect=(404, OK, 404, 404, OK, 404, OK)),
    ("events:participant", "B's"):         Row("GET", _in_event("registration_b"),
                                               expect=(L, OK, 403, OK, OK, 403, OK)),
    ("events:participant", "empty POST"):  Row("POST", _in_event("registration_b"),
                                               expect=(L, 400, 403, 400, 403, 403, 403)),
    ("events:requests", ""):               Row("GET", _event,
                                               expect=(L, OK, 404, OK, 404, 404, 404)),
    ("events:requests", "as A"):           Row("GET", _event, query=_as_a,
                                               expect=(L, OK, 404, 404, OK, 404, OK)),
    ("events:request", "B to A"):          Row("GET", _in_event("request"),
                                               expect=(L, OK, 404, OK, 404, 404, 404)),
    ("events:request", "decline"):         Row("POST", _in_event("request"),
                                               data=lambda o: {"decision": "decline",
                                                               "reason": "no_time"},
                                               expect=(L, R, 404, 403, 404, 404, 404)),
    ("events:agenda", ""):                 Row("GET", _event,
                                               expect=(L, OK, 404, OK, 404, 404, 404)),
    ("events:agenda", "as A"):             Row("GET", _event, query=_as_a,
                                               expect=(L, OK, 404, 404, OK, 404, OK)),
    ("events:agenda_ics", "signed"):       Row("GET", _event,
                                               query=lambda o: f"token={o.events.feed_token_a}",
                                               expect=ALL_OK),
    ("events:agenda_ics", "forged"):       Row("GET", _event, query=lambda o: "token=eyJyIjoxfQ:x",
                                               expect=(404,) * 7),
    ("events:meeting_ics", "B2 and A"):    Row("GET", _in_event("meeting"),
                                               expect=(L, OK, 404, 404, 404, 404, 404)),
    ("events:meeting_cancel", ""):         Row("POST", _in_event("meeting"),
                                               expect=(L, R, 404, 404, 404, 404, 404)),
    ("events:schedule", ""):               Row("GET", _event, expect=X_STAFF),
    ("events:schedule", "run"):            Row("POST", _event, data=lambda o: {"action": "run"},
                                               expect=X_STAFF_POST),
    ("events:schedule_publish", "failed"): Row("POST", _in_event("run"), expect=X_STAFF_POST),
    ("events:meeting_lock", ""):           Row("POST", _in_event("meeting"),
                                               data=lambda o: {"locked": "0"},
                                               expect=X_STAFF_POST),
    ("events:meeting_outcome", "early"):   Row("POST", _in_event("meeting"),
                                               data=lambda o: {"outcome": "held"},
                                               expect=(L, R, 404, 404, R, 404, R)),
    ("events:meeting_feedback", ""):       Row("GET", _in_event("meeting"),
                                               expect=(L, OK, 404, 404, 404, 404, 404)),
    ("events:day", ""):                    Row("GET", _event, expect=X_STAFF),
    ("events:check_in", "A"):              Row("POST", _in_event("registration_a"),
                                               expect=X_STAFF_POST),

    # --- follow-ups (A <-> B; B <-> C concerns neither A nor cluster X) -------------------
    ("followups:detail", "A-B"):           Row("GET", _intro("intro_ab"), expect=SIGNED_IN),
    ("followups:detail", "B-C"):           Row("GET", _intro("intro_bc"), expect=B_C_SIDE),
    ("followups:advance", "A-B"):          Row("POST", _intro("intro_ab"),
                                               data=lambda o: {"stage": "nda_signed"},
                                               expect=AB_SIDES_POST),
    ("followups:advance", "B-C"):          Row("POST", _intro("intro_bc"),
                                               data=lambda o: {"stage": "nda_signed"},
                                               expect=(L, 404, 404, R, 404, 403, 403)),
    ("followups:correct", "empty"):        Row("POST", _intro("intro_ab"),
                                               expect=AB_SIDES_POST),
    ("followups:dispute", "empty"):        Row("POST", _intro("intro_ab"),
                                               expect=AB_SIDES_POST),
    ("followups:settle", "not disputed"):  Row("POST", _intro("intro_ab"),
                                               data=lambda o: {"decision": "stands",
                                                               "comment": "ok"},
                                               expect=(L, 403, 403, 403, R, R, R)),
    ("followups:settle", "B-C"):           Row("POST", _intro("intro_bc"),
                                               data=lambda o: {"decision": "stands",
                                                               "comment": "ok"},
                                               expect=(L, 404, 404, 403, 404, R, R)),
    ("followups:answer", "signed"):        Row("GET", lambda o: {"token": o.answer_a},
                                               expect=ALL_OK),
    ("followups:answer", "forged"):        Row("GET", lambda o: {"token": "W1sxXQ:forged"},
                                               expect=(400,) * 7),
    ("followups:feedback", "on B's"):      Row("POST", _opportunity("opp_b_published"),
                                               data=lambda o: {"reason": "too_early"},
                                               expect=(L, R, R, 403, 403, 403, 403)),
    ("followups:feedback", "on A's draft"): Row("POST", _opportunity("opp_draft"),
                                                data=lambda o: {"reason": "too_early"},
                                                expect=(L, 404, 404, 404, 404, 404, 404)),
    # --- alerts and notifications (member_a's) -------------------------------------------
    ("matching:alerts", ""):               Row("GET", expect=SIGNED_IN),
    ("matching:alert_create", ""):         Row("GET", expect=SIGNED_IN),
    ("matching:alert_from_search", ""):    Row("POST", expect=(L, R, R, R, R, R, R)),
    ("matching:alert_edit", ""):           Row("GET", _alert_a, expect=MEMBER_A_ONLY),
    ("matching:alert_delete", ""):         Row("GET", _alert_a, expect=MEMBER_A_ONLY),
    ("matching:alert_delete", "POST"):     Row("POST", _alert_a, expect=MEMBER_A_ONLY_POST),
    ("notifications:list", ""):            Row("GET", expect=SIGNED_IN),
    ("notifications:open", ""):            Row("GET", _notification_a, expect=MEMBER_A_ONLY_POST),
    ("notifications:read", ""):            Row("POST", _notification_a,
                                               expect=MEMBER_A_ONLY_POST),
    ("notifications:read_all", ""):        Row("POST", expect=(L, R, R, R, R, R, R)),
    ("notifications:preferences", ""):     Row("GET", expect=SIGNED_IN),
    ("notifications:unsubscribe", "signed"): Row("GET", lambda o: {"token": o.unsubscribe_a},
                                               expect=ALL_OK),
    ("notifications:unsubscribe", "forged"): Row("GET", lambda o: {"token": "eyJ1IjoxfQ:forged"},
                                               expect=(400,) * 7),
    # --- statistics ----------------------------------------------------------------------
    ("stats:index", ""):                   Row("GET", expect=ALL_OK),
    ("stats:index", "cluster X"):          Row("GET", query=_cluster_x_query, expect=X_FIGURES),
    ("stats:csv", "public"):               Row("GET", lambda o: {"table": "members"},
                                               expect=ALL_OK),
    ("stats:csv", "unknown"):              Row("GET", lambda o: {"table": "nope"},
                                               expect=(404,) * 7),
    ("stats:csv", "cluster X"):            Row("GET", lambda o: {"table": "cluster"},
                                               query=_cluster_x_query, expect=X_FIGURES),
    # --- REST API (signed-in browsers; tests/api/test_key_walk.py walks it with keys) ------
    ("api:cluster-list", ""):              Row("GET", expect=ALL_OK),
    ("api:cluster-detail", ""):            Row("GET", _cluster_x, expect=ALL_OK),
    ("api:technology-area-list", ""):      Row("GET", expect=ALL_OK),
    ("api:technology-area-detail", ""):    Row("GET", lambda o: {"slug": _area(o)},
                                               expect=ALL_OK),
    ("api:organization-list", ""):         Row("GET", expect=ALL_OK),
    ("api:organization-detail", ""):       Row("GET", _org_a, expect=ALL_OK),
    ("api:organization-detail", "unv. B"): Row("GET", _org_b, setup=_unverify_b,
                                               expect=B_INSIDERS),
    ("api:organization-upsert", "GET"):    Row("GET", lambda o: {"external_id": "crm-1"},
                                               expect=(405,) * 7),
    ("api:organization-removed", ""):      Row("GET", query=_since, expect=ALL_OK),
    ("api:opportunity-list", ""):          Row("GET", expect=ALL_OK),
    ("api:opportunity-detail", "draft"):   Row("GET", _opp("opp_draft"), expect=A_INSIDERS),
    ("api:opportunity-detail", "pub."):    Row("GET", _opp("opp_published"), expect=ALL_OK),
    ("api:opportunity-detail", "anon."):   Row("GET", _opp("opp_anonymous"),
                                               expect=(404, OK, OK, OK, OK, OK, OK)),
    ("api:opportunity-submit", "draft"):   Row("POST", _opp("opp_draft"),
                                               expect=(401, OK, OK, 404, 403, 404, 403)),
    ("api:opportunity-removed", ""):       Row("GET", query=_since, expect=ALL_OK),
    ("api:interest-list", ""):             Row("GET", expect=ALL_OK),
    ("api:interest-detail", ""):           Row("GET", lambda o: {"pk": o.eoi.pk},
                                               expect=(404, OK, OK, OK, 404, 404, 404)),
    ("api:event-list", ""):                Row("GET", expect=ALL_OK),
    ("api:event-detail", "pub."):          Row("GET", _event, expect=ALL_OK),
    ("api:event-detail", "draft"):         Row("GET", _event, setup=_event_to_draft,
                                               expect=(404, 404, 404, 404, OK, 404, OK)),
    ("api:event-removed", ""):             Row("GET", query=_since, expect=ALL_OK),
    ("api:meeting-list", ""):              Row("GET", expect=ALL_OK),
    ("api:meeting-detail", "B2-A"):        Row("GET", lambda o: {"pk": o.events.meeting.pk},
                                               expect=(404, OK, 404, 404, OK, 404, OK)),
    ("api:meeting-removed", ""):           Row("GET", query=_since, expect=ALL_OK),
    ("api:not_found", ""):                 Row("GET", expect=(404,) * 7),
    ("api:schema", ""):                    Row("GET", expect=ALL_OK),
    ("api:docs", ""):                      Row("GET", expect=ALL_OK),
    # Integrations: organization admins for theirs, cluster staff (TOTP) for their cluster's.
    ("api:integrations_organization", ""): Row("GET", _org_a,
                                               expect=(L, 403, OK, 403, 403, 403, 403)),
    ("api:integrations_organization", "POST"): Row("POST", _org_a,
                                                   data=lambda o: {"action": "create_key"},
                                                   expect=(L, 403, 400, 403, 403, 403, 403)),
    ("api:integrations_cluster", ""):      Row("GET", _cluster_x,
                                               expect=(L, 403, 403, 403, OK, 403, 403)),
    ("api:key_revoke", ""):                Row("POST", lambda o: {"pk": o.api_key_a.pk},
                                               expect=(L, 404, R, 404, 404, 404, 404)),
    ("api:webhook_detail", ""):            Row("GET", lambda o: {"pk": o.webhook_a.pk},
                                               expect=(L, 404, OK, 404, 404, 404, 404)),
    ("api:webhook_detail", "rotate"):      Row("POST", lambda o: {"pk": o.webhook_a.pk},
                                               data=lambda o: {"action": "rotate"},
                                               expect=(L, 404, R, 404, 404, 404, 404)),

    ("stats:cluster", ""):                 Row("GET", expect=STAFF_KPI),
    ("stats:cluster", "cluster X"):        Row("GET", query=_cluster_x_query,
                                               expect=(L, 403, 403, 403, OK, 404, OK)),
    ("stats:cluster_download", "csv"):     Row("GET", lambda o: {"fmt": "csv"}, expect=STAFF_KPI),
    ("stats:cluster_download", "xlsx"):    Row("GET", lambda o: {"fmt": "xlsx"},
                                               expect=STAFF_KPI),
    ("stats:cluster_download", "pdf"):     Row("GET", lambda o: {"fmt": "pdf"},
                                               expect=(L, 404, 404, 404, 404, 404, 404)),
    ("stats:event_figures", ""):           Row("GET", _event, expect=X_STAFF),
    ("stats:event_figures_download", "csv"): Row("GET", lambda o: {"slug": o.events.event.slug,
                                                                   "fmt": "csv"},
                                                 expect=X_STAFF),
    ("stats:event_figures_download", "xlsx"): Row("GET", lambda o: {"slug": o.events.event.slug,
                                                                    "fmt": "xlsx"},
                                                  expect=X_STAFF),
    ("stats:consortium", ""):              Row("GET", expect=(L, 403, 403, 403, 403, 403, OK)),
    # --- own account ---------------------------------------------------------------------
    ("accounts:profile", ""):              Row("GET", expect=SIGNED_IN),
    ("accounts:export", ""):               Row("GET", expect=SIGNED_IN),
    ("accounts:delete", ""):               Row("GET", expect=SIGNED_IN),
    ("accounts:invitation_accept", ""):    Row("GET", lambda o: {"token": o.invitation_a_token},
                                               expect=ALL_OK),
    ("accounts:invitation_accept", "?"):   Row("GET", lambda o: {"token": "not-a-token"},
                                               expect=(404,) * 7),
    # --- allauth -------------------------------------------------------------------------
    ("account_login", ""):                 Row("GET", expect=(OK, R, R, R, R, R, R)),
    ("account_logout", ""):                Row("GET", expect=(R, OK, OK, OK, OK, OK, OK)),
    ("account_signup", ""):                Row("GET", expect=(OK, R, R, R, R, R, R)),
    ("account_reset_password", ""):        Row("GET", expect=ALL_OK),
    ("account_reset_password_done", ""):   Row("GET", expect=ALL_OK),
    ("account_reset_password_from_key", ""): Row("GET", lambda o: {"uidb36": "1", "key": "x"},
                                                 expect=ALL_OK),
    ("account_reset_password_from_key_done", ""): Row("GET", expect=ALL_OK),
    ("account_change_password", ""):       Row("GET", expect=SIGNED_IN),
    ("account_set_password", ""):          Row("GET", expect=(L, R, R, R, R, R, R)),
    ("account_email", ""):                 Row("GET", expect=SIGNED_IN),
    ("account_email_verification_sent", ""): Row("GET", expect=ALL_OK),
    ("account_confirm_email", "bad key"):  Row("GET", lambda o: {"key": "bad"}, expect=ALL_OK),
    ("account_inactive", ""):              Row("GET", expect=ALL_OK),
    ("account_confirm_login_code", ""):    Row("GET", expect=(L, R, R, R, R, R, R)),
    ("account_reauthenticate", ""):        Row("GET", expect=SIGNED_IN),
    # Re-authentication by an e-mailed code (allauth 65.22) is not enabled: a password or the
    # TOTP app re-authenticates; the code views refuse signed-in users and ask visitors to log in.
    ("account_request_reauthentication_code", ""): Row("GET", expect=(L,) + (403,) * 6),
    ("account_confirm_reauthentication_code", ""): Row("GET", expect=(L,) + (403,) * 6),
    # MFA: staff have TOTP (no recovery codes); changing it first asks to re-authenticate.
    ("mfa_index", ""):                     Row("GET", expect=SIGNED_IN),
    ("mfa_authenticate", ""):              Row("GET", expect=(L, R, R, R, R, R, R)),
    ("mfa_reauthenticate", ""):            Row("GET", expect=(L, R, R, R, OK, OK, OK)),
    ("mfa_activate_totp", ""):             Row("GET", expect=(L, R, R, R, R, R, R)),
    ("mfa_deactivate_totp", ""):           Row("GET", expect=(L, 404, 404, 404, R, R, R)),
    ("mfa_view_recovery_codes", ""):       Row("GET", expect=(L,) + (404,) * 6),
    ("mfa_download_recovery_codes", ""):   Row("GET", expect=(L,) + (404,) * 6),
    ("mfa_generate_recovery_codes", ""):   Row("GET", expect=(L, R, R, R, R, R, R)),
}
# fmt: on


def _admin_pattern(pattern: UrlPattern) -> bool:
    return pattern.route.startswith("admin/")


def decided_names() -> set[str]:
    return {name for name, _variant in EXPECTED}


def test_every_url_pattern_has_a_decision():
    missing = [
        f"{pattern.route} ({pattern.name})"
        for pattern in project_url_patterns()
        if not _admin_pattern(pattern) and pattern.name not in decided_names()
    ]

    assert not missing, "URL patterns without a row in EXPECTED:\n" + "\n".join(missing)


def test_the_table_names_only_existing_patterns():
    names = {pattern.name for pattern in project_url_patterns()}

    assert decided_names() <= names, decided_names() - names


def _url(name: str, row: Row, objects: Objects) -> str:
    url = reverse(name, kwargs=row.kwargs(objects) or None)
    return f"{url}?{row.query(objects)}" if row.query else url


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_outcome_everywhere(world, persona):
    objects = build_objects(world)
    cookies = client_for(world, persona).cookies
    column = PERSONAS.index(persona)
    wrong = []
    for (name, variant), row in EXPECTED.items():
        url = _url(name, row, objects)
        data = row.data(objects) if row.data else None
        setup = (lambda row=row: row.setup(objects)) if row.setup else None
        response = request_rolled_back(cookies, row.method, url, data, setup)
        got, expected = outcome(response), row.expect[column]
        if got != expected:
            wrong.append(f"{row.method} {url} [{name} {variant}]: expected {expected}, got {got}")
        if row.method == "GET":
            head = request_rolled_back(cookies, "HEAD", url, data, setup)
            if mismatch := head_mismatch(response, head):
                wrong.append(f"HEAD {url} [{name} {variant}]: {mismatch}")

    assert not wrong, f"{persona}: {len(wrong)} wrong outcomes\n" + "\n".join(wrong)


# --- The Django admin: one rule ----------------------------------------------------------------


def _admin_objects(objects: Objects) -> None:
    """One row of every model the admin manages, so each change/delete/history page is real."""
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from api.webhooks import webhook_deliveries_create
    from matching.models import Match
    from tests.matching.factories import NotificationPreferenceFactory
    from tests.opportunities.factories import OpportunityEventFactory

    Group.objects.create(name="Walkers")
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    SolarSchedule.objects.create(event="sunrise", latitude=45, longitude=4)
    interval, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    CrontabSchedule.objects.get_or_create(minute="0", hour="3")
    PeriodicTask.objects.get_or_create(
        name="walk", defaults={"task": "core.walk", "interval": interval}
    )
    Match.objects.create(opportunity=objects.opp_published, alert=objects.alert_a, score=50)
    NotificationPreferenceFactory(user=objects.world.user("member_a"))
    OpportunityEventFactory(opportunity=objects.opp_draft)
    webhook_deliveries_create(event_type="webhook.test", data={}, endpoints=[objects.webhook_a])


def _first_pk(app_label: str, model_name: str) -> str:
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"no {app_label}.{model_name} to walk the admin with"
    return str(instance.pk)


def _historical_record(app_label: str, model_name: str):
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    record = model.history.order_by("history_id").first()
    assert record is not None, f"no history of {app_label}.{model_name} to walk the admin with"
    return record


def admin_url(pattern: UrlPattern, objects: Objects) -> str:
    route = pattern.route
    parts = route.split("/")
    if "(?P<app_label>" in route:
        return "/admin/partners/"
    if "(?P<url>" in route:
        return "/admin/no-such-page/"
    if route.startswith("admin/r/"):
        content_type = ContentType.objects.get_for_model(objects.world.org_a)
        return f"/admin/r/{content_type.pk}/{objects.world.org_a.pk}/"
    if "([^/]+)/history/([^/]+)" in route:
        app_label, model_name = parts[1], parts[2]
        record = _historical_record(app_label, model_name)
        return f"/admin/{app_label}/{model_name}/{record.id}/history/{record.history_id}/"
    if "<path:object_id>" in route or "<id>" in route:
        pk = _first_pk(parts[1], parts[2])
        return "/" + route.replace("<path:object_id>", pk).replace("<id>", pk)
    assert not pattern.arguments, route
    return "/" + route


def admin_patterns() -> list[UrlPattern]:
    return [pattern for pattern in project_url_patterns() if _admin_pattern(pattern)]


# Third-party models keep Django's per-model permissions: a consortium admin (is_staff) gets
# 403 there, only superusers manage e-mail addresses, groups, authenticators and schedules.
SUPERUSER_ONLY_APPS = ("account/", "auth/group/", "mfa/", "django_celery_beat/", "sites/")
# What the portal writes through its services (the outbox, matches, events, invitations, join
# requests, partnering events and their registrations, requests and meetings, API keys, webhook
# endpoints and deliveries) is never added or deleted by hand; opportunities, their attachments
# and interests are posted by organizations, not added in the admin.
NO_ADD_OR_DELETE = (
    "api/",
    "events/",
    "followups/",
    "matching/match/",
    "notifications/notification/",
    "notifications/notificationpreference/",
    "opportunities/opportunityevent/",
    "partners/invitation/",
    "partners/joinrequest/",
)
NO_ADD = (
    *NO_ADD_OR_DELETE,
    "opportunities/expressionofinterest/",
    "opportunities/opportunity/",
    "opportunities/opportunityattachment/",
)


def admin_outcome(pattern: UrlPattern, persona: str) -> int | str:
    """Consortium admins get the admin; everyone else is sent to log in (as staff)."""
    route = pattern.route.removeprefix("admin/")
    if persona != "consortium_admin":
        if route == "login/" and persona != "visitor":
            return 403  # signed in, but not staff: allauth's secure_admin_login refuses
        if route == "logout/":
            return REDIRECT  # not wrapped by admin_view: the POST-only view answers a GET
        return LOGIN
    if pattern.view == "django.views.generic.base.RedirectView":
        return REDIRECT  # <pk>/ -> <pk>/change/, where the permission is checked
    if route.startswith(SUPERUSER_ONLY_APPS):
        return 403
    if route.startswith(NO_ADD) and route.endswith("/add/"):
        return 403
    if route.startswith(NO_ADD_OR_DELETE) and route.endswith("/delete/"):
        return 403
    special = {
        "(?P<url>.*)": 404,  # the admin's catch-all: an unknown admin page
        "login/": REDIRECT,  # already signed in
        "logout/": 405,  # POST only
        "autocomplete/": 403,  # without a valid field to complete
        "r/<path:content_type_id>/<path:object_id>/": 404,  # no model has a public page
        "partners/organization/process_import/": 405,  # the POST of the import form
    }
    return special.get(route, OK)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_consortium_admins_get_the_admin(world, persona):
    objects = build_objects(world)
    _admin_objects(objects)
    cookies = client_for(world, persona).cookies
    wrong = []
    patterns = admin_patterns()
    for pattern in patterns:
        url = admin_url(pattern, objects)
        response = request_rolled_back(cookies, "GET", url, None)
        got, expected = outcome(response), admin_outcome(pattern, persona)
        if got != expected:
            wrong.append(f"GET {url} [{pattern.name}]: expected {expected}, got {got}")
        head = request_rolled_back(cookies, "HEAD", url, None)
        if mismatch := head_mismatch(response, head):
            wrong.append(f"HEAD {url} [{pattern.name}]: {mismatch}")

    assert len(patterns) > 150
    assert not wrong, f"{persona}: {len(wrong)} wrong outcomes\n" + "\n".join(wrong)


def test_every_row_decides_for_all_seven_personas():
    incomplete = [key for key, row in EXPECTED.items() if len(row.expect) != len(PERSONAS)]

    assert not incomplete

"""OpenAPI details drf-spectacular cannot infer: the key scheme, the problem responses every
operation may give, and the links between a create and what follows it (stateful testing)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .exceptions import PROBLEM_CONTENT_TYPE
from .serializers import ProblemSerializer


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key created in the portal: `Authorization: Bearer wk_...`.",
        }


# Every operation: a bad key (401), a throttled client (429), a malformed query (400), an
# object hidden from the reader (404), a request refused (403), a wrong Accept (406).
READ_ERRORS = ("400", "401", "403", "404", "406", "429")
# Writes also: a body that is not JSON (415), an Idempotency-Key reused for another body (422).
WRITE_ERRORS = (*READ_ERRORS, "415", "422")


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in ("GET", "HEAD") else WRITE_ERRORS
        for code in codes:
            responses.setdefault(
                code,
                self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_CONTENT_TYPE]
                ),
            )
        return responses


# (create operation, response code) -> links to the operations that take its result.
LINKS = {
    ("opportunities_create", "201"): {
        "GetOpportunity": ("opportunities_retrieve", {"id": "$response.body#/id"}),
        "UpdateOpportunity": ("opportunities_partial_update", {"id": "$response.body#/id"}),
        "SubmitOpportunity": ("opportunities_submit_create", {"id": "$response.body#/id"}),
    },
    ("organizations_create", "201"): {
        "GetOrganization": ("organizations_retrieve", {"slug": "$response.body#/slug"}),
        "UpdateOrganization": ("organizations_partial_update", {"slug": "$response.body#/slug"}),
    },
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: OpenAPI links for the stateful tests."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for code, response in operation.get("responses", {}).items():
                links = LINKS.get((operation.get("operationId"), code))
                if links:
                    response["links"] = {
                        name: {"operationId": target, "parameters": parameters}
                        for name, (target, parameters) in links.items()
                    }
    return result

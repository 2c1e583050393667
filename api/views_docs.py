"""The browsable API documentation: Swagger UI, vendored in static/vendor (no CDN)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def api_docs_view(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")

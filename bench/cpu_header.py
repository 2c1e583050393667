"""The load test's view of where the server's CPU goes (bench settings only, when the load
section sets BENCH_CPU_HEADER): each answer says how much CPU its thread spent on it, so
locust can add it up per kind of user, page and cache verdict (a hit costs well under a
millisecond, a miss or a member's page tens)."""

import time

from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Bench-CPU-Ms"


class CpuHeaderMiddleware:
    """First in MIDDLEWARE: the whole of Django's work on the request, as the thread spent it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        began = time.thread_time()
        response = self.get_response(request)
        response[HEADER] = f"{(time.thread_time() - began) * 1000:.3f}"
        return response

"""Mixed public read traffic for the load test (run by `bench/run.py` against gunicorn on
127.0.0.1; bounded by --users and --run-time). URLs come from the bench database through
$BENCH_LOCUST_TARGETS (written by run.py, only pages that answered 200 in-process)."""

import json
import os
import random

from locust import FastHttpUser, constant

with open(os.environ["BENCH_LOCUST_TARGETS"]) as handle:
    URLS: dict[str, list[str]] = json.load(handle)

# How often a visitor opens each kind of page, relative to the others.
WEIGHTS = {
    "home": 2,
    "clusters": 1,
    "directory_search": 3,
    "directory_filters": 2,
    "marketplace_search": 3,
    "marketplace_filters": 2,
    "opportunity_page": 4,
    "organization_page": 3,
    "stats": 1,
}


def visit(name: str):
    def task(user: FastHttpUser) -> None:
        user.client.get(random.choice(URLS[name]), name=name)

    task.__name__ = name
    return task


class Visitor(FastHttpUser):
    """A visitor browsing without think time: the measure is the server's capacity."""

    wait_time = constant(0)
    tasks = {visit(name): weight for name, weight in WEIGHTS.items() if URLS.get(name)}

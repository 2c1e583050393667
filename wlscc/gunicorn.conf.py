"""gunicorn as deployed: `gunicorn -c wlscc/gunicorn.conf.py wlscc.wsgi` (scripts/serve.sh --prod,
and `make bench`'s load test).

Worker class and count for a 2-core machine: `gthread`, one process per core, four threads each.
A request spends a good part of its time waiting for Postgres and Redis (the bench's SQL time
share); threads fill that wait with another request, while two processes keep both cores busy
with Python work despite the GIL. Sync workers would need ~8 processes for the same concurrency
(8 x ~120 MB and 8 database connections per core pair); more threads per process only add GIL
contention. Measured back to back (2026-12-07, scale 0.2, 8 visitors + 4 members, 20 s after a
20 s warm-up, the two cores shared with other work, load average 6-11), gunicorn CPU per
request: gthread 2 x 4 26.8 ms, 2 x 8 26.0, 3 x 4 32.3, 4 x 2 32.6, sync x 6 29.7 — the two
processes spend the least CPU per request and served the most (17 req/s against 9-12 for the
others), more processes than cores only add switching.

The application is **preloaded**: the master imports Django and the portal once (~3.5 s of
CPU) and forks the workers, so starting or recycling a worker (max_requests) is a fork instead
of that import in the middle of the traffic; at 150+ requests/s a worker is recycled every
minute or so. Nothing opens a database or Redis connection at import (each worker opens its
own on its first request), so nothing is shared across the fork. New code needs a restart
(not a HUP) to be loaded.

WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_WORKER_CLASS, GUNICORN_PRELOAD (0/1) and
GUNICORN_MAX_REQUESTS override these for other machines (and for the bench's comparisons).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# A slow client cannot hold a thread for long; keep-alive lets a browser reuse its connection.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (a slow leak cannot grow forever), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

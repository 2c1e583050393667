"""gunicorn as deployed: `gunicorn -c wlscc/gunicorn.conf.py wlscc.wsgi` (scripts/serve.sh --prod,
and `make bench`'s load test).

Worker class and count for a 2-core machine: `gthread`, one process per core, four threads each,
**without keep-alive**. A request spends a good part of its time waiting for Postgres and Redis
(the bench's SQL time share); threads fill that wait with another request, while two processes
keep both cores busy with Python work despite the GIL. Sync workers would need ~8 processes for
the same concurrency (8 x ~120 MB and 8 database connections per core pair).

Keep-alive is off because a kept-alive connection stays with the process that accepted it: with the
load test's 12 users (8 visitors + 4 members, each one connection), the two processes held 11/1,
8/4 and 9/3 connections in three starts (and 6/0 at 4 + 2), so one process, one core under its GIL,
served most of the load while the other idled: a cause of the load test's throughput falling from
4 + 2 to 8 + 4 users (with max_requests, below). Without keep-alive each request is a new
connection,
accepted by a process with a free thread: the two processes' CPU in the measured period was 4.9 s /
4.7 s. The load balancer in front (which terminates TLS) pays one TCP connect on the LAN per
request. Measured back to back on the full bench database (8 + 4, 30 s after a 15 s warm-up,
2026-12-07 15:20-15:28, load average 12-14 from the other helpers' work), gunicorn CPU per request:
gthread 2 x 4 with keep-alive 29.4 and 24.6 ms, without 25.5, sync x 4 26.8, sync x 6 24.5; per
member request 43-65 ms whatever the class: on that machine the classes do not differ beyond the
noise (+-25 %), the balance does. (Sync workers also spent 2-5 ms per cache hit against 1.0-1.4 for
gthread.)

The application is **preloaded**: the master imports Django and the portal once (~3.5 s of
CPU) and forks the workers, so starting or recycling a worker (max_requests) is a fork instead
of that import in the middle of the traffic. Nothing opens a database or Redis connection at
import (each worker opens its own on its first request), so nothing is shared across the fork.
New code needs a restart (not a HUP) to be loaded.

WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_WORKER_CLASS, GUNICORN_PRELOAD (0/1),
GUNICORN_KEEPALIVE and GUNICORN_MAX_REQUESTS override these for other machines (and for the
bench's comparisons).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# A slow client cannot hold a thread for long. No keep-alive: a kept connection stays with one
# process, and a few busy ones leave the other core idle (see above).
timeout = 30
graceful_timeout = 20
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 0))
# Recycle workers now and then (a slow leak cannot grow forever), not all at once. A recycled
# worker starts cold (templates, database connections): at ~75 requests/s per process, 20,000
# is one restart every ~4-5 minutes (with 5,000, each worker was recycled about once per load step).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

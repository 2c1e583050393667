"""gunicorn as deployed: `gunicorn -c wlscc/gunicorn.conf.py wlscc.wsgi` (scripts/serve.sh --prod,
and `make bench`'s load test).

Worker class and count for a 2-core machine: `gthread`, one process per core, four threads each.
A request spends a good part of its time waiting for Postgres and Redis (the bench's SQL time
share); threads fill that wait with another request, while two processes keep both cores busy
with Python work despite the GIL. Sync workers would need ~8 processes for the same concurrency
(8 x ~120 MB and 8 database connections per core pair); more threads per process only add GIL
contention. WEB_CONCURRENCY and GUNICORN_THREADS override the counts for other machines.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A slow client cannot hold a thread for long; keep-alive lets a browser reuse its connection.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (a slow leak cannot grow forever), not all at once.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

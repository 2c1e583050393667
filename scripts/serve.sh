#!/usr/bin/env bash
# Serve the portal for `make run`. With REDIS_URL set, a Celery worker and beat run beside the
# web server (and stop with it); without it, Celery runs tasks eagerly inside the web process.
# `scripts/serve.sh --prod [HOST] [PORT]` serves it as deployed: gunicorn with
# wlscc/gunicorn.conf.py (gthread, one process per core, 4 threads each; see that file).
set -euo pipefail
PROD=0
if [ "${1:-}" = "--prod" ]; then PROD=1; shift; fi
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
BIN=.venv/bin
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  echo "REDIS_URL is set: starting a Celery worker and beat"
  $BIN/celery -A wlscc worker --loglevel=INFO --concurrency=2 &
  pids+=($!)
  $BIN/celery -A wlscc beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler &
  pids+=($!)
else
  echo "REDIS_URL is not set: Celery tasks run eagerly in the web process"
fi
echo "Serving the WLSCC Portal on http://$HOST:$PORT"
if [ "$PROD" = 1 ]; then
  GUNICORN_BIND="$HOST:$PORT" $BIN/gunicorn -c wlscc/gunicorn.conf.py wlscc.wsgi
else
  $BIN/python manage.py runserver "$HOST:$PORT"
fi

"""Settings of the Celery worker subprocesses started by test_worker_crash.py.

The test settings, with a real (non-eager) Celery on the test's private Redis, a visibility
timeout of a few seconds (so a message of a killed worker is redelivered quickly; production
uses an hour) and the slow file e-mail backend.
"""

from wlscc.settings.test import *  # noqa: F403
from wlscc.settings.test import env

CELERY_BROKER_URL = env("WLSCC_TEST_BROKER_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("WLSCC_TEST_VISIBILITY_TIMEOUT"),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
EMAIL_DELIVERY_BACKEND = "tests.reliability.slow_mail.SlowFileBackend"

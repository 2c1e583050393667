"""Real `celery worker` subprocesses on the test database and a private Redis broker.

They use tests/reliability/worker_settings.py: the slow file e-mail backend writes each
e-mail to `mail_dir` (`sending-*` when it starts, `*.eml` once "accepted").
"""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
# Seconds before Redis hands an unacknowledged message (of a killed worker) out again.
# Production keeps the default hour (base.py); the tests cannot wait that long.
VISIBILITY_TIMEOUT = 2


class Workers:
    def __init__(self, broker_url: str, mail_dir: Path):
        self.broker_url = broker_url
        self.mail_dir = mail_dir
        self.processes: list[subprocess.Popen] = []
        self.logs = []

    def start(self, *, mail_delay: float = 0) -> subprocess.Popen:
        database = connection.settings_dict
        password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reliability.worker_settings",
            "DATABASE_URL": (
                f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "WLSCC_TEST_BROKER_URL": self.broker_url,
            "WLSCC_TEST_MAIL_DIR": str(self.mail_dir),
            "WLSCC_TEST_MAIL_DELAY": str(mail_delay),
            "WLSCC_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        }
        log = (self.mail_dir.parent / f"worker-{len(self.processes)}.log").open("w")
        self.logs.append(log)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wlscc",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=15)
        for log in self.logs:
            log.close()

    def sending(self) -> list[Path]:
        return list(self.mail_dir.glob("sending-*"))

    def delivered(self) -> list[Path]:
        return list(self.mail_dir.glob("*.eml"))

"""Fail fast, with a clear message, when the Postgres or Redis the tests need is unreachable."""

import os
import socket
import sys
from urllib.parse import urlparse

SERVICES = {
    "PostgreSQL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wlscc"),
    "Redis": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
}


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=3):
            return True
    except OSError:
        return False


def main() -> int:
    missing = [name for name, url in SERVICES.items() if not reachable(url)]
    for name in missing:
        print(f"ERROR: {name} is not reachable at {SERVICES[name]}", file=sys.stderr)
    if missing:
        print("The test suite runs against real services; start them and retry.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

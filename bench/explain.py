"""Where does a page spend its database time? Requests a URL in-process against the bench
database and prints each SQL query with its time, the slowest with EXPLAIN ANALYZE.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.explain "/organizations/?q=antibody"
    python -m bench.explain /dashboard/ --user 53 --plans 3
"""

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--user", type=int, help="user id to sign in as")
    parser.add_argument("--plans", type=int, default=2, help="EXPLAIN ANALYZE the N slowest")
    parser.add_argument("--repeat", type=int, default=2, help="requests before the measured one")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    if args.user:
        client.force_login(User.objects.get(pk=args.user))
    for _ in range(args.repeat):
        client.get(args.url)
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(args.url)
    total = (time.perf_counter() - began) * 1000
    queries = captured.captured_queries
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.url}: HTTP {response.status_code}, {total:.1f} ms, {len(queries)} queries, "
          f"{sql_ms:.1f} ms in SQL")  # fmt: skip
    for index, query in enumerate(queries):
        print(f"  #{index:<2} {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    slowest = sorted(queries, key=lambda q: -float(q["time"]))[: args.plans]
    for query in slowest:
        print("\n" + "-" * 100 + f"\n{query['sql']}\n")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()

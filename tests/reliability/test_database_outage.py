"""With Postgres unreachable /healthz answers 503, and the portal recovers by itself.

The test database is reached through a TCP proxy of our own (tests/reliability/servers.py):
closing the proxy cuts the open connection and refuses new ones, exactly what a database
restart or a network partition looks like to Django; reopening it is the database coming back.
Requests go through Django's real WSGI handler (not the test client, which disables the
per-request connection housekeeping), with the production connection settings: persistent
connections (CONN_MAX_AGE) with CONN_HEALTH_CHECKS.
"""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.reliability.servers import TcpProxy


def wsgi_get(path: str) -> int:
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="GET", QUERY_STRING="", **{"wsgi.input": io.BytesIO()}
    )
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    response.close()  # sends request_finished, as a WSGI server does
    return int(statuses[0].split()[0])


@pytest.fixture
def database_behind_proxy():
    settings_dict = connection.settings_dict
    keys = ("HOST", "PORT", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
    saved = {key: settings_dict.get(key) for key in keys}
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy.start()
    connection.close()
    # As in production (base.py; checked by tests/security/test_prod_settings.py).
    settings_dict.update(
        HOST="127.0.0.1", PORT=str(proxy.port), CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True
    )
    yield proxy
    connection.close()
    proxy.stop()
    settings_dict.update(saved)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_is_200_through_a_working_database_connection(database_behind_proxy):
    assert wsgi_get("/healthz") == 200
    assert database_behind_proxy.accepted == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_is_503_while_the_database_is_unreachable(database_behind_proxy):
    wsgi_get("/healthz")

    database_behind_proxy.stop()

    assert wsgi_get("/healthz") == 503


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_portal_recovers_by_itself_when_the_database_returns(database_behind_proxy):
    wsgi_get("/healthz")
    database_behind_proxy.stop()
    wsgi_get("/healthz")
    wsgi_get("/")

    database_behind_proxy.start()

    assert wsgi_get("/healthz") == 200
    assert wsgi_get("/") == 200

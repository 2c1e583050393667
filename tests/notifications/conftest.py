import pytest


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once the module is done, so later tests and a
    reused test database still have it."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)

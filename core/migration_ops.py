from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """Raw SQL that only makes sense on Postgres (triggers, GIN indexes).

    The zero-setup demo runs on SQLite, where these operations are skipped: search falls back
    to `icontains` there.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

"""`make backup` / `make restore`: a real round trip on a scratch PostgreSQL database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent

TABLES = [
    "clusters_technologyarea",
    "clusters_cluster",
    "partners_organization",
    "partners_organization_technology_areas",
    "partners_historicalorganization",
    "partners_contact",
    "accounts_user",
]

FILL = """
import django
django.setup()
from tests.clusters.factories import TechnologyAreaFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory
areas = [TechnologyAreaFactory(), TechnologyAreaFactory()]
for organization in OrganizationFactory.create_batch(4, technology_areas=areas):
    ContactFactory(organization=organization)
    MembershipFactory(organization=organization)
organization.description = "Edited once, so that there is history to keep."
organization.save()
"""


def database_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{name}"


def run(command: list[str], *, unset: tuple[str, ...] = (), **environment: str):
    base = {name: value for name, value in os.environ.items() if name not in unset}
    return subprocess.run(  # noqa: S603 - fixed argv
        command,
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def psql(url: str, sql: str) -> str:
    result = run(["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def fingerprint(url: str) -> dict[str, str]:
    """Row count and a checksum of every row, per table."""
    query = "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
    # Table names come from the fixed TABLES list above.
    return {table: psql(url, f"{query} FROM {table} t") for table in TABLES}


@pytest.fixture(scope="module")
def scratch_database(django_db_setup, django_db_blocker):
    """A migrated database with a few organizations, contacts, members and history rows."""
    name = f"test_wlscc_backup_{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock():
        maintenance = database_url("postgres")
        url = database_url(name)
    psql(maintenance, f'CREATE DATABASE "{name}"')
    try:
        environment = {
            "DJANGO_SETTINGS_MODULE": "wlscc.settings.test",
            "DATABASE_URL": url,
            "CACHE_KEY_PREFIX": name,
        }
        migrated = run(
            [sys.executable, "manage.py", "migrate", "--skip-checks", "-v0"], **environment
        )
        assert migrated.returncode == 0, migrated.stderr
        filled = run([sys.executable, "-c", FILL], **environment)
        assert filled.returncode == 0, filled.stderr
        yield url
    finally:
        psql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_a_backup_restores_every_row_after_data_loss(scratch_database, tmp_path):
    before = fingerprint(scratch_database)
    backup = run(["make", "-s", "backup"], DATABASE_URL=scratch_database, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    psql(
        scratch_database,
        "TRUNCATE partners_organization, clusters_cluster CASCADE;"
        " UPDATE accounts_user SET email = 'lost-' || id || '@example.org';",
    )
    assert fingerprint(scratch_database) != before

    restore = run(
        ["make", "-s", "restore", f"FILE={dump}"],
        DATABASE_URL=scratch_database,
        BACKUP_DIR=str(tmp_path),
    )

    assert restore.returncode == 0, restore.stderr
    assert fingerprint(scratch_database) == before
    assert int(before["partners_organization"].split(":")[0]) == 4


@pytest.mark.django_db
def test_a_restored_database_keeps_its_search_trigger(scratch_database, tmp_path):
    dump = run(
        ["bash", "scripts/backup.sh"], DATABASE_URL=scratch_database, BACKUP_DIR=str(tmp_path)
    )
    restored = run(
        ["bash", "scripts/restore.sh", dump.stdout.strip()],
        DATABASE_URL=scratch_database,
        BACKUP_DIR=str(tmp_path),
        RESTORE_SAFETY_BACKUP="0",
    )
    assert restored.returncode == 0, restored.stderr

    indexed = psql(
        scratch_database,
        "UPDATE partners_organization SET description = 'zebrafish toxicology'"
        " WHERE id = (SELECT min(id) FROM partners_organization)"
        " RETURNING search_vector::text LIKE '%zebrafish%';",
    )

    assert indexed == "t"


@pytest.mark.django_db
def test_restore_first_saves_the_current_state(scratch_database, tmp_path):
    dump = run(
        ["bash", "scripts/backup.sh"], DATABASE_URL=scratch_database, BACKUP_DIR=str(tmp_path)
    )

    run(
        ["bash", "scripts/restore.sh", dump.stdout.strip()],
        DATABASE_URL=scratch_database,
        BACKUP_DIR=str(tmp_path),
    )

    assert len(list(tmp_path.glob("pre-restore-*.dump"))) == 1


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_before_anything_is_touched(scratch_database, tmp_path):
    before = fingerprint(scratch_database)
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(b"PGDMP this is not a complete archive")

    result = run(["bash", "scripts/restore.sh", str(damaged)], DATABASE_URL=scratch_database)

    assert result.returncode != 0
    assert fingerprint(scratch_database) == before


def test_backup_explains_what_is_missing_without_a_database_url():
    result = run(["bash", "scripts/backup.sh"], unset=("DATABASE_URL",))

    assert result.returncode == 2
    assert "DATABASE_URL is not set" in result.stderr

from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The weighted full-text document of an organization, kept current by a trigger so that every
# write path (services, admin, bulk import, COPY in the benchmark) stays searchable.
FORWARDS = """
CREATE OR REPLACE FUNCTION partners_organization_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.capabilities, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.needs, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C') ||
    setweight(to_tsvector('english', coalesce(NEW.city, '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER partners_organization_search_trigger
BEFORE INSERT OR UPDATE OF name, capabilities, needs, description, city
ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_update();

UPDATE partners_organization SET name = name;

CREATE INDEX partners_org_search_gin ON partners_organization USING gin (search_vector);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX partners_org_name_trgm ON partners_organization USING gin (name gin_trgm_ops);
"""

BACKWARDS = """
DROP INDEX IF EXISTS partners_org_name_trgm;
DROP INDEX IF EXISTS partners_org_search_gin;
DROP TRIGGER IF EXISTS partners_organization_search_trigger ON partners_organization;
DROP FUNCTION IF EXISTS partners_organization_search_update();
"""


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]

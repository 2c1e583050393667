from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The weighted full-text document of an opportunity, kept current by a trigger so that every
# write path (services, admin, bulk loads in the benchmark) stays searchable.
FORWARDS = """
CREATE OR REPLACE FUNCTION opportunities_opportunity_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_opportunity_search_trigger
BEFORE INSERT OR UPDATE OF title, summary, description
ON opportunities_opportunity
FOR EACH ROW EXECUTE FUNCTION opportunities_opportunity_search_update();

UPDATE opportunities_opportunity SET title = title;

CREATE INDEX opportunities_opp_search_gin
ON opportunities_opportunity USING gin (search_vector);
"""

BACKWARDS = """
DROP INDEX IF EXISTS opportunities_opp_search_gin;
DROP TRIGGER IF EXISTS opportunities_opportunity_search_trigger ON opportunities_opportunity;
DROP FUNCTION IF EXISTS opportunities_opportunity_search_update();
"""


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]

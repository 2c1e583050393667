from django.db import migrations

from clusters.taxonomy import TAXONOMY


def load_taxonomy(apps, schema_editor):
    TechnologyArea = apps.get_model("clusters", "TechnologyArea")
    for top_position, (top_slug, top_name, children) in enumerate(TAXONOMY):
        top, _ = TechnologyArea.objects.update_or_create(
            slug=top_slug, defaults={"name": top_name, "parent": None, "position": top_position}
        )
        for position, (slug, name) in enumerate(children):
            TechnologyArea.objects.update_or_create(
                slug=slug, defaults={"name": name, "parent": top, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]

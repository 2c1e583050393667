"""One embedding per version of a text: the original ("") and each author's translation."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_search_query_quiet"),
    ]

    operations = [
        migrations.AddField(
            model_name="embedding",
            name="language",
            field=models.CharField(blank=True, default="", max_length=8),
        ),
        migrations.RemoveConstraint(
            model_name="embedding",
            name="core_embedding_unique",
        ),
        migrations.AddConstraint(
            model_name="embedding",
            constraint=models.UniqueConstraint(
                fields=("kind", "object_id", "language"), name="core_embedding_version_unique"
            ),
        ),
    ]

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts import demo as accounts_demo
from clusters import demo as clusters_demo
from matching import demo as matching_demo
from opportunities import demo as opportunities_demo
from partners import demo as partners_demo

# Each app seeds its own part, in dependency order, through its services.
# Alerts come before the marketplace so that publishing the demo opportunities matches them.
SEEDERS = [clusters_demo, partners_demo, accounts_demo, matching_demo, opportunities_demo]
SEED = 20261125


class Command(BaseCommand):
    help = "Seed the ten clusters with demo organizations, accounts and opportunities (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates demo accounts.")
        rng = random.Random(SEED)
        # Seeding publishes hundreds of opportunities: the in-app notifications are part of the
        # demo, but e-mailing them to made-up addresses would only flood the console.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            for seeder in SEEDERS:
                summary = seeder.seed(rng=rng)
                self.stdout.write(f"{seeder.__name__}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

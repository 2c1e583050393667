import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.tasks import rebuilds_deferred
from demo import (
    accounts,
    clusters,
    events,
    followups,
    matching,
    multilingual,
    opportunities,
    partners,
)
from demo.outbox import in_app_only

# One module per domain, each seeding its part through the services, in dependency order.
# Alerts come before the marketplace so that publishing the demo opportunities matches them;
# events come last, as their participants link published opportunities; the profiles written in
# other languages after them (the others' draws stay the same); then the follow-ups of the
# introductions.
STEPS = [clusters, partners, accounts, matching, opportunities, events, multilingual, followups]
SEED = 20261125


class Command(BaseCommand):
    help = "Seed the ten clusters with demo organizations, accounts and opportunities (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates demo accounts.")
        rng = random.Random(SEED)
        # Seeding publishes hundreds of opportunities: the in-app notifications are part of the
        # demo, but e-mailing them to made-up addresses would only flood an inbox or the console.
        # The seed is one transaction: each listing it saved is embedded when it commits, and the
        # semantic index files are then built once a kind (eager tasks rebuilt them after every
        # embedding, 516 times). The deferral encloses the commit, where the embeddings run.
        with rebuilds_deferred(), in_app_only():
            for step in STEPS:
                summary = step.seed(rng=rng)
                self.stdout.write(f"{step.__name__}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

from django.core.management.base import BaseCommand

from partners.models import Organization
from partners.services import organization_slug_follows_rule, organization_slug_refresh


class Command(BaseCommand):
    help = (
        "Give organizations whose slug predates the current rule (e.g. a Chinese name that got "
        "`organization-2`) the slug their name gives now; their old URLs redirect."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Change the slugs (without it: only list them)."
        )

    def handle(self, *args, apply: bool = False, **options):
        stale = [
            organization
            for organization in Organization.objects.order_by("pk").only("pk", "name", "slug")
            if not organization_slug_follows_rule(organization)
        ]
        for organization in stale:
            old = organization.slug
            if apply:
                organization_slug_refresh(organization=organization)
                organization.refresh_from_db(fields=["slug"])
                self.stdout.write(f"{old} -> {organization.slug}")
            else:
                self.stdout.write(f"{old} ({organization.name})")
        if apply:
            self.stdout.write(f"{len(stale)} slugs changed; the old ones redirect.")
        else:
            self.stdout.write(f"{len(stale)} slugs predate the rule; --apply changes them.")

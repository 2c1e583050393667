"""Embed every listing whose text changed (or was never embedded) and rebuild the semantic
index files: after a bulk import, a broker outage, a model upgrade or on a new machine."""

import time

from django.core.management.base import BaseCommand

from core import semantic
from core.tasks import settle_index


class Command(BaseCommand):
    help = "Embed what changed and rebuild the semantic index files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", action="append", choices=semantic.kinds())
        parser.add_argument("--index-only", action="store_true", help="only rebuild the files")

    def handle(self, *args, **options) -> None:
        for kind in options["kind"] or semantic.kinds():
            started = time.monotonic()
            computed = 0 if options["index_only"] else semantic.embed(kind)
            embedded = time.monotonic()
            count = semantic.build_index(kind)
            settle_index(kind)  # the rows just embedded leave the delta a build later
            self.stdout.write(
                f"{kind}: {computed} embedded in {embedded - started:.1f} s, "
                f"index of {count} written in {time.monotonic() - embedded:.1f} s"
            )

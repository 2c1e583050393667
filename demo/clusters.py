"""Demo clusters. China Medical City is real; the nine others are plausible demo names."""

import random

from clusters.models import Cluster, TechnologyArea
from demo.data import load


def seed(*, rng: random.Random) -> str:
    data = load("clusters")
    areas = {area.slug: area for area in TechnologyArea.objects.all()}
    created = 0
    for fields in data["clusters"]:
        focus = fields.pop("focus")
        slug = fields.pop("slug")
        if not fields.get("is_coordinator"):
            fields["description"] = f"{fields['description']} {data['demo_note']}"
        fields.setdefault("website", f"https://{slug}.example")
        fields.setdefault("contact_name", "Partnering desk")
        fields.setdefault("contact_email", f"partnering@{slug}.example")
        # Existing clusters are left alone: staff may have edited them since the first run.
        cluster, was_created = Cluster.objects.get_or_create(slug=slug, defaults=fields)
        if was_created:
            cluster.focus_areas.set([areas[s] for s in focus if s in areas])
            created += 1
    return f"{created} clusters created, {len(data['clusters'])} in total"

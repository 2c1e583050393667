"""Demo organizations, every kind in every cluster, through the services.

Clusters differ as real ones do: China Medical City and the Boston cluster are the largest,
Singapore the smallest, and the share of companies, research groups, service providers and
investors follows each cluster's profile. How many organizations of each kind a cluster has,
its places, names and people are in `demo/data/partners.json`.

Names, places and texts are drawn from the passed `random.Random`, so the same seed always
gives the same directory. Organizations whose slug already exists are left alone (staff may
have edited them since the first run), which makes a second run change nothing.
"""

import random
from typing import Any

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from clusters.models import Cluster, TechnologyArea
from demo.data import load
from partners.models import Contact, ContactVisibility, Organization, OrganizationKind, SizeBand
from partners.services import organization_create, organization_slug_base


def _kinds(counts: dict[str, int]) -> list[OrganizationKind]:
    """The cluster's organizations one kind at a time, in the order of the data file."""
    return [OrganizationKind(kind) for kind, count in counts.items() for _ in range(count)]


def _ascii_handle(name: str) -> str:
    return slugify(name).replace("-", ".") or "contact"


def _organization_name(
    rng: random.Random,
    kind: str,
    locale: dict[str, Any],
    words: dict[str, Any],
    noun: str,
    index: int,
) -> str:
    company_words = locale["company_words"]
    if kind == OrganizationKind.COMPANY:
        return f"{company_words[index % len(company_words)]} {noun} {locale['company_suffix']}"
    if kind == OrganizationKind.RESEARCH_GROUP:
        topic = rng.choice(words["research_topics"])
        return f"{topic} Lab, {rng.choice(locale['university'])}"
    if kind == OrganizationKind.UNIVERSITY:
        return locale["university"][index % len(locale["university"])]
    if kind == OrganizationKind.HOSPITAL:
        return locale["hospital"][index % len(locale["hospital"])]
    if kind == OrganizationKind.INVESTOR:
        word = company_words[(index + 3) % len(company_words)]
        return f"{word} {rng.choice(words['investor_words'])}"
    if kind == OrganizationKind.SERVICE_PROVIDER:
        word = company_words[(index + 5) % len(company_words)]
        return f"{word} {rng.choice(words['service_words'])} {locale['company_suffix']}"
    return locale["agency"][0]


def _pick_areas(
    rng: random.Random, cluster_focus: list[TechnologyArea], all_areas: list[TechnologyArea]
) -> list[TechnologyArea]:
    subareas = [area for area in all_areas if area.parent_id]
    count = rng.randint(1, 4)
    chosen: list[TechnologyArea] = []
    for _ in range(count):
        if cluster_focus and rng.random() < 0.6:
            chosen.append(rng.choice(cluster_focus))
        elif rng.random() < 0.85:
            chosen.append(rng.choice(subareas))
        else:
            chosen.append(rng.choice([area for area in all_areas if not area.parent_id]))
    unique: dict[int, TechnologyArea] = {area.pk: area for area in chosen}
    return list(unique.values())


def _texts(
    area: TechnologyArea, by_pk: dict[int, TechnologyArea], words: dict[str, Any]
) -> dict[str, list[str]]:
    top = by_pk[area.parent_id] if area.parent_id else area
    return words["area_texts"].get(top.slug, words["default_texts"])


def _describe(
    rng: random.Random,
    kind: str,
    name: str,
    city: str,
    areas: list[TechnologyArea],
    words: dict[str, Any],
) -> str:
    area_names = ", ".join(area.name for area in areas)
    adjective = rng.choice(words["adjectives"])
    intro = words["introductions"][kind].format(name=name, adjective=adjective, city=city)
    return f"{intro}, working in {area_names}. Demo data: this organization is fictitious."


def seed(*, rng: random.Random) -> str:
    words = load("partners")
    visibilities = [ContactVisibility(value) for value in words["visibilities"]]
    clusters = {
        cluster.slug: cluster
        for cluster in Cluster.objects.prefetch_related("focus_areas").order_by("pk")
    }
    all_areas = list(TechnologyArea.objects.all())
    by_pk = {area.pk: area for area in all_areas}
    existing = set(Organization.objects.values_list("slug", flat=True))
    created = skipped = 0
    seen_names: set[str] = set()
    for cluster_slug, locale in words["clusters"].items():
        cluster = clusters.get(cluster_slug)
        if cluster is None:
            continue
        focus = list(cluster.focus_areas.all())
        for index, kind in enumerate(_kinds(locale["organizations"])):
            # Every random draw happens whether or not the organization exists, so a second run
            # walks exactly the same sequence.
            city = locale["cities"][0] if index == 0 else rng.choice(locale["cities"])
            areas = _pick_areas(rng, focus, all_areas)
            texts = _texts(areas[0], by_pk, words)
            noun = rng.choice(texts["noun"])
            name = _organization_name(rng, kind, locale, words, noun, index)
            offers = rng.sample(texts["offer"], k=2)
            capabilities = " ".join(f"We offer {offer}." for offer in offers)
            needs = f"We are looking for {rng.choice(texts['need'])}."
            description = _describe(rng, kind, name, city, areas, words)
            size_band = rng.choice(SizeBand.values)
            founded_year = rng.randint(1950 if kind != OrganizationKind.COMPANY else 1985, 2024)
            is_verified = rng.random() < 0.88
            contact_count = rng.randint(1, 3)
            contacts = [
                (rng.choice(locale["people"]), rng.choice(words["roles"]), rng.choice(visibilities))
                for _ in range(contact_count)
            ]
            phone_suffix = rng.randint(1000000, 9999999)
            base_name, suffix = name, 2
            while name in seen_names:
                name = f"{base_name} ({suffix})"
                suffix += 1
            seen_names.add(name)
            slug = organization_slug_base(name)
            if slug in existing:
                skipped += 1
                continue
            domain = f"{slug[:30].strip('-')}.example.{locale['domain']}"
            organization = organization_create(
                actor=None,
                cluster=cluster,
                name=name,
                kind=kind,
                country=cluster.country.code,
                city=city,
                size_band=size_band,
                founded_year=founded_year,
                description=description,
                capabilities=capabilities,
                needs=needs,
                website=f"https://www.{domain}",
                email=f"info@{domain}",
                phone=f"{locale['phone_prefix']} {phone_suffix}",
                technology_areas=areas,
                is_verified=is_verified,
            )
            bulk_create_with_history(
                [
                    Contact(
                        organization=organization,
                        name=person,
                        role=role,
                        email=f"{_ascii_handle(person)}@{domain}",
                        phone=f"{locale['phone_prefix']} {phone_suffix + position + 1}",
                        visibility=visibility,
                        position=position,
                    )
                    for position, (person, role, visibility) in enumerate(contacts)
                ],
                Contact,
            )
            existing.add(organization.slug)
            created += 1
    return f"{created} organizations created, {skipped} already there"

"""Reads of the taxonomy. (The cluster pages' reads are in home.selectors: they count
organizations and opportunities, which sit above clusters.)"""

from .models import TechnologyArea


def technology_area_groups() -> list[tuple[TechnologyArea, list[TechnologyArea]]]:
    """Top areas with their sub-areas, in the taxonomy's order (one query)."""
    areas = list(TechnologyArea.objects.order_by("position", "name"))
    children: dict[int, list[TechnologyArea]] = {}
    for area in areas:
        if area.parent_id:
            children.setdefault(area.parent_id, []).append(area)
    return [(area, children.get(area.pk, [])) for area in areas if not area.parent_id]


def technology_areas_in_tree_order() -> list[TechnologyArea]:
    """Top areas each followed by their sub-areas (one query)."""
    return [area for top, subs in technology_area_groups() for area in (top, *subs)]

"""The marketplace's cast (tests/personas.py)."""

from tests.personas import (  # noqa: F401 (fixtures)
    anonymous_published,
    area,
    cluster_a,
    cluster_b,
    colleague,
    consortium_admin,
    draft,
    member_b,
    other_org,
    outsider,
    owner,
    owner_org,
    published,
    staff_a,
    staff_b,
    submitted,
)

"""API keys for the personas of the security world (tests/personas.py)."""

from dataclasses import dataclass

from django.test import Client

from api.models import ApiKey, Scope
from api.services import api_key_create
from tests.personas import World

# The holder of each persona's key: organization admins hold their organization's key, cluster
# staff their cluster's; member_a (not an admin) may not create one, but a key made for them
# (say, before they were demoted) shows what a key of theirs would reach.
KEY_HOLDERS = {
    "member_a": ("organization", "org_a"),
    "org_admin_a": ("organization", "org_a"),
    "org_admin_b": ("organization", "org_b"),
    "staff_x": ("cluster", "cluster_x"),
    "staff_y": ("cluster", "cluster_y"),
}


@dataclass
class Key:
    key: ApiKey
    token: str

    def client(self) -> Client:
        return Client(headers={"Authorization": f"Bearer {self.token}"})


def key_for(world: World, persona: str, *, scope: str = Scope.WRITE, **fields) -> Key:
    kind, attribute = KEY_HOLDERS[persona]
    key, token = api_key_create(
        actor=world.user(persona),
        name=f"{persona}'s CRM",
        scope=scope,
        **{kind: getattr(world, attribute)},
        **fields,
    )
    return Key(key=key, token=token)

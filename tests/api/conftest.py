import pytest

from .keys import Key, key_for


@pytest.fixture
def api_key(world):
    """`api_key("staff_x")` -> a Key (row + token) held for that persona's cluster/org."""

    def make(persona: str, **options) -> Key:
        return key_for(world, persona, **options)

    return make

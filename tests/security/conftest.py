from tests.personas import persona_client, world  # noqa: F401 (fixtures)

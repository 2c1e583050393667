from tests.opportunities.conftest import *  # noqa: F403  (the marketplace personas)

"""Demo organizations (filled in by the directory work)."""

import random


def seed(*, rng: random.Random) -> str:
    return "no organizations yet"

from accounts.models import User


def recommended_for(user: User) -> list:
    """Opportunities matched to the user's organizations (built by the matching engine)."""
    return []

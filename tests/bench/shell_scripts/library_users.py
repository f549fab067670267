"""The benchmark's users in another 2FA library's project, for enrol_allauth.py and
enrol_trench.py, which import it from beside them; it is not run on its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password


def make_users(password: str, count: int) -> list:
    """``bench-0`` to ``bench-<count - 1>``, all with this password."""
    return more_users("bench", password, count)


def more_users(kind: str, password: str, count: int) -> list:
    """``<kind>-0`` to ``<kind>-<count - 1>``, all with this password."""
    user_model = get_user_model()
    # One hash for all: hashing each password would take most of the setup's time.
    encoded = make_password(password)
    return user_model.objects.bulk_create(
        user_model(username=f"{kind}-{n}", email=f"{kind}-{n}@example.com", password=encoded)
        for n in range(count)
    )

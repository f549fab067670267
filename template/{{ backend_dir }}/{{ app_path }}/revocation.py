"""Ending a user's credentials: after 2FA is turned on or off, new backup codes, a staff
reset, or a new password, whatever the way it was set (the project's views, djoser's,
dj-rest-auth's, the admin's, ``changepassword``).

The user's credential generation (``TwoFactorProfile.credential_generation``) goes up, so
the app's authentication classes refuse every JWT made before, access tokens included; and
the token library's own records go too (tokens.py: blacklisted refresh tokens, deleted
knox tokens). The request that made the change may then issue fresh credentials.
"""

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, is_password_usable
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import TwoFactorProfile
from .tokens import revoke_tokens

# The attribute set on a user between pre_save and post_save when its password changes.
CHANGED_FLAG = "_two_factor_password_changed"


def revoke_credentials(user) -> None:
    """Every credential the user holds stops working."""
    profile, _ = TwoFactorProfile.objects.get_or_create(user=user)
    TwoFactorProfile.objects.filter(pk=profile.pk).update(
        credential_generation=F("credential_generation") + 1, updated_at=timezone.now()
    )
    profile.refresh_from_db()
    # Cached on the user for the rest of the request: the fresh credentials it may issue
    # carry the new generation, and their ``user`` the state as it is now.
    user.two_factor_profile = profile
    revoke_tokens(user)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    setattr(instance, CHANGED_FLAG, False)
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. last_login at every sign-in: no query
    if getattr(instance, "_password", None) is not None:
        # set_password() was called (Django's, djoser's and dj-rest-auth's password
        # changes, the admin's, changepassword).
        setattr(instance, CHANGED_FLAG, True)
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    old = stored.first()
    changed = old is not None and old != instance.password
    setattr(instance, CHANGED_FLAG, changed and not _hash_upgrade(old, instance.password))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _revoke_after_password_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, CHANGED_FLAG, False):
        setattr(instance, CHANGED_FLAG, False)
        revoke_credentials(instance)


def _hash_upgrade(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` re-hashed, as check_password() does when the preferred
    hasher or its work factor changed: the same password, nothing to revoke."""
    if not (is_password_usable(old) and is_password_usable(new)):
        return False
    try:
        old_hasher, new_hasher = identify_hasher(old), identify_hasher(new)
    except ValueError:
        return False
    preferred = get_hasher()
    due = old_hasher.algorithm != preferred.algorithm or preferred.must_update(old)
    return due and new_hasher.algorithm == preferred.algorithm

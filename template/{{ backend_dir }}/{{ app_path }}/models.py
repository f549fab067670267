from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TwoFactorProfile(models.Model):
    """A user's second-factor state, kept beside the user model so it never needs a migration.

    The TOTP secret is stored encrypted (see ``secret_storage``) and never leaves the server
    after enrollment.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_profile",
    )
    totp_enabled = models.BooleanField(
        _("TOTP enabled"),
        default=False,
        db_index=True,
        help_text=_("Whether the user signs in with an authenticator app code."),
    )
    totp_secret_encrypted = models.TextField(
        _("encrypted TOTP secret"),
        blank=True,
        default="",
        help_text=_("Fernet token of the base32 secret; empty while TOTP is off."),
    )
    totp_last_counter = models.BigIntegerField(
        _("last accepted time step"),
        default=-1,
        help_text=_("Time step of the last accepted code (replay protection)."),
    )
    totp_enabled_at = models.DateTimeField(_("TOTP enabled at"), null=True, blank=True)
    # The per-user limit on wrong login codes (login/failure_limit.py): kept in the database, not
    # the cache, so a cache flush or a per-worker cache cannot reset an attacker's count.
    code_failures = models.PositiveIntegerField(
        _("wrong login codes"),
        default=0,
        help_text=_("Wrong codes at the second login step since the window below began."),
    )
    code_failures_since = models.DateTimeField(
        _("first wrong login code at"),
        null=True,
        blank=True,
        help_text=_("When the window of the wrong-code limit began."),
    )
    # Later codes wait a while after it once the wrong codes pass half the limit.
    code_failed_at = models.DateTimeField(
        _("last wrong login code at"),
        null=True,
        blank=True,
        help_text=_("When the last wrong code at the second login step was entered."),
    )
    # The per-user limit on wrong passwords (login/password_limit.py), kept like the one above.
    password_failures = models.PositiveIntegerField(
        _("wrong passwords"),
        default=0,
        help_text=_("Wrong passwords at the first login step since the window below began."),
    )
    password_failures_since = models.DateTimeField(
        _("first wrong password at"),
        null=True,
        blank=True,
        help_text=_("When the window of the wrong-password limit began."),
    )
    # Raised by every revocation (revocation.py): the app's JWTs carry the number they were
    # made under, and its authentication classes refuse those made before the last one.
    credential_generation = models.PositiveIntegerField(
        _("credential generation"),
        default=0,
        help_text=_("Credentials issued before this number was last raised are refused."),
    )
    # The WebAuthn user handle of this user's new passkeys: random, so it tells nothing of
    # the user, and one per user, so an authenticator keeps one passkey per account. Made
    # before the first passkey (its registration options): without one, the user has none.
    passkey_user_handle = models.BinaryField(
        _("passkey user handle"), max_length=64, blank=True, default=b""
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("two-factor profile")
        verbose_name_plural = _("two-factor profiles")

    def __str__(self) -> str:
        state = "on" if self.totp_enabled else "off"
        return f"2FA {state} for {self.user}"


class Passkey(models.Model):
    """A WebAuthn credential: its public key (COSE bytes, no secret) and what the
    authenticator last said of itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_passkeys",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=64)
    credential_id = models.BinaryField(_("credential ID"), max_length=1023)
    # Looked up by this: a unique index on the raw bytes is not portable across databases.
    credential_id_sha256 = models.CharField(
        _("credential ID hash"), max_length=64, unique=True, editable=False
    )
    public_key = models.BinaryField(_("public key"))
    sign_count = models.PositiveBigIntegerField(_("sign count"), default=0)
    # The WebAuthn user handle the credential was made with (imported ones keep theirs).
    user_handle = models.BinaryField(_("user handle"), max_length=64, blank=True, default=b"")
    transports = models.JSONField(_("transports"), default=list, blank=True)
    aaguid = models.CharField(_("authenticator model (AAGUID)"), max_length=36, blank=True)
    # Synced (a password manager's passkey) when backed up; device-bound when not eligible.
    backup_eligible = models.BooleanField(_("backup eligible"), default=False)
    backed_up = models.BooleanField(_("backed up"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class BackupCode(models.Model):
    """One single-use recovery code, stored only as a keyed hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_backup_codes",
    )
    code_hash = models.CharField(
        _("code hash"),
        max_length=64,
        help_text=_("Keyed HMAC-SHA256 of the normalised code."),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        indexes = [models.Index(fields=["user", "used_at"], name="two_factor_backup_user_used")]

    def __str__(self) -> str:
        return f"Backup code for {self.user} ({'used' if self.used_at else 'unused'})"


def profile_of(user) -> TwoFactorProfile | None:
    """The user's profile, or None. Through the reverse one-to-one: it stays on the user
    (a user manager may have read it in the user's own query), and no first() ORDER BY."""
    try:
        return user.two_factor_profile
    except TwoFactorProfile.DoesNotExist:
        return None

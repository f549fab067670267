from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import notices, services
from .messages import NOTICE_RESET, NOTICE_RESET_SUBJECT
from .models import TwoFactorProfile


@admin.register(TwoFactorProfile)
class TwoFactorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "totp_enabled", "totp_enabled_at", "backup_codes_remaining"]
    list_filter = ["totp_enabled"]
    list_select_related = ["user"]
    # The secret and the replay counter are never shown or edited here.
    fields = ["user", "totp_enabled", "totp_enabled_at", "updated_at"]
    readonly_fields = fields
    actions = ["reset_two_factor"]

    def get_search_fields(self, request):
        # The user model is the project's: search by whatever it signs in with.
        user_model = self.model._meta.get_field("user").related_model
        return [f"user__{user_model.USERNAME_FIELD}"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("backup codes left"))
    def backup_codes_remaining(self, profile: TwoFactorProfile) -> int:
        return profile.user.two_factor_backup_codes.filter(used_at__isnull=True).count()

    @admin.action(
        description=_("Reset two-factor authentication (user lost their device)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        reset, skipped, untold = 0, [], []
        for profile in queryset.select_related("user"):
            user = profile.user
            # A superuser's account holds every power: resetting its second factor is a
            # step towards taking it over, which only another superuser may take.
            if user.is_superuser and not request.user.is_superuser:
                skipped.append(user.get_username())
                continue
            if services.two_factor_reset(user=user, actor=request.user, request=request):
                reset += 1
                if not self.tell_user(request, user):
                    untold.append(user.get_username())
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %d user.",
                "Two-factor authentication was reset for %d users.",
                reset,
            )
            % reset,
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _(
                    "Not reset: %(users)s. Only a superuser may reset a superuser's two-factor "
                    "authentication."
                )
                % {"users": ", ".join(skipped)},
                messages.ERROR,
            )
        if untold:
            self.message_user(
                request,
                _("No email could tell %(users)s of the reset: tell them yourself.")
                % {"users": ", ".join(untold)},
                messages.WARNING,
            )

    def tell_user(self, request, user) -> bool:
        return bool(notices.send_notice(user, NOTICE_RESET_SUBJECT, NOTICE_RESET, request=request))

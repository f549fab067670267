from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
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

    @admin.action(description=_("Reset two-factor authentication (user lost their device)"))
    def reset_two_factor(self, request, queryset):
        reset = 0
        for profile in queryset.select_related("user"):
            reset += services.two_factor_reset(
                user=profile.user, actor=request.user, request=request
            )
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

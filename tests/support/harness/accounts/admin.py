from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from .models import EmailUser


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = EmailUser
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = EmailUser
        fields = "__all__"


@admin.register(EmailUser)
class EmailUserAdmin(UserAdmin):
    # UserAdmin's fieldsets, list and ordering name username and first/last names,
    # which this model does not have.
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Contact", {"fields": ("mobile",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    list_display = ["email", "mobile", "is_staff", "is_active"]
    search_fields = ["email", "mobile"]
    ordering = ["email"]

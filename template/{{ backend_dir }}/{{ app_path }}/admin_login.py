"""The Django admin's sign-in in two steps: the password, then the user's code.

Each step is judged by the API's own functions (``login.services``), so the admin honours
the same rules and counts against the same per-user limits as ``login/`` and
``login/verify/``. One line in the root URLconf wires it into the default admin site::

    admin.site.login = two_factor_admin_login

A project with its own ``AdminSite`` subclass derives it from ``TwoFactorAdminSite``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import all_sites
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from .cache_store import cache_key
from .delivery import mask_phone, phone_number
from .errors import is_service_unavailable, service_unavailable
from .exceptions import TwoFactorError, throttled
from .login import services as login_services
from .models import TwoFactorProfile
from .permissions import two_factor_required_for
from .throttles import LoginOTPResendThrottle, LoginThrottle

# The challenge of the code step stays on the server, in the session: the browser never
# holds anything it could swap for another user's.
PENDING_SESSION_KEY = "two_factor_admin_login"
CODE_TEMPLATE = f"{TwoFactorProfile._meta.app_label}/admin/login_code.html"

CODE_PROMPTS = {
    "totp": _("Enter the 6-digit code from your authenticator app, or one of your backup codes."),
    # This page takes codes only: a passkey user signs in with their other ways.
    "passkey": _(
        "This page takes no passkey: enter the code from your authenticator app, if you "
        "have one, or one of your backup codes."
    ),
    "phone": _("Enter the code we sent by SMS to %(phone)s."),
    "email": _("Enter the code we sent to your email address."),
}
RESEND_LABELS = {
    "phone": _("Send a code by SMS"),
    "email": _("Send a code by email"),
}
SENT_NOTES = {
    "phone": _("A new code was sent by SMS to %(phone)s."),
    "email": _("A new code was sent to your email address."),
}


class PasswordForm(AdminAuthenticationForm):
    """Django's admin sign-in form, checked by ``login_start`` instead of by itself."""

    def clean(self):
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class _ResendThrottle(LoginOTPResendThrottle):
    """login/resend/'s rate, counted for the same user: the challenge is in the session."""

    def __init__(self, user_id) -> None:
        super().__init__()
        self.user_id = user_id

    def get_cache_key(self, request, view) -> str:
        return cache_key("throttle", self.scope, f"user:{self.user_id}")


class _NotStaff(Exception):
    """The user is no longer allowed into the admin: their code stays unused."""


def may_enter_admin(user) -> bool:
    # As AdminSite.has_permission and AdminAuthenticationForm decide.
    return user.is_active and user.is_staff


def two_factor_admin_login(request, extra_context=None):
    """``AdminSite.login`` in two steps; assign it to a site: ``site.login = ...``."""
    return _login(_site_of(request), request, extra_context)


two_factor_admin_login.two_factor_login = True  # what checks.py's W002 looks for


class TwoFactorAdminSite(admin.AdminSite):
    """An admin site that signs staff in with the password and then their code."""

    def login(self, request, extra_context=None):
        return _login(self, request, extra_context)

    login.two_factor_login = True


def _site_of(request) -> admin.AdminSite:
    # A function assigned to a site's ``login`` is not bound to it: the site is the one
    # whose URLs (its instance namespace) this request came through.
    match = request.resolver_match
    if match and match.namespaces:
        for site in all_sites:
            if site.name == match.namespaces[-1]:
                return site
    return admin.site


class _LoginView:
    """One request to the login page: the password step, the code step or a resend."""

    def __init__(self, site: admin.AdminSite, request, extra_context) -> None:
        self.site = site
        self.request = request
        self.extra_context = extra_context or {}

    @method_decorator(sensitive_post_parameters("password", "code"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    def dispatch(self, request):
        try:
            return self.handle(request)
        except Exception as exc:
            if not is_service_unavailable(exc):
                raise
            # The cache (challenges, throttles) or the database is down: say so on the
            # form with a 503, as the API does, rather than Django's error page.
            refusal = service_unavailable(exc)
            # As start_again does: a new, empty form, and the admin's message list says why.
            messages.error(request, refusal.detail)
            response = self.password_step(PasswordForm(request))
            response.status_code = refusal.status_code
            response["Retry-After"] = str(refusal.retry_after)
            return response

    def handle(self, request):
        if request.method != "POST":
            if self.site.has_permission(request):
                return HttpResponseRedirect(self.index_url())
            return self.password_step(PasswordForm(request))
        if "code" not in request.POST and "resend" not in request.POST:
            return self.sign_in(PasswordForm(request, data=request.POST))
        pending = request.session.get(PENDING_SESSION_KEY)
        if not pending:
            return self.start_again(TwoFactorError("challenge_invalid"))
        if "resend" in request.POST:
            return self.resend(pending, request.POST["resend"])
        return self.verify(pending, CodeForm(request.POST))

    def sign_in(self, form: PasswordForm):
        request = self.request
        request.session.pop(PENDING_SESSION_KEY, None)
        if not form.is_valid():
            return self.password_step(form)
        try:
            self.throttle(LoginThrottle())
            start = login_services.login_start(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                # Answered as a wrong password, as Django's admin does (whether an account
                # is staff is not told to whoever knows its password), and no code is sent.
                may_sign_in=may_enter_admin,
            )
        except TwoFactorError as refusal:
            return self.password_step(form, refusal)
        if not start.otp_required:
            if two_factor_required_for(start.user):
                # TWO_FACTOR_REQUIRED_FOR covers this user, who has no second factor yet:
                # a password alone must not open the admin (the API refuses such a
                # credential with TwoFactorRequired).
                return self.password_step(form, TwoFactorError("two_factor_required"))
            auth_login(request, start.user)
            return self.signed_in()
        pending = request.session[PENDING_SESSION_KEY] = _pending(start)
        return self.code_step(pending, CodeForm())

    def verify(self, pending: dict, form: CodeForm):
        if not form.is_valid():
            return self.code_step(pending, form)

        def sign_in(verified: login_services.Verified):
            if not may_enter_admin(verified.user):
                raise _NotStaff
            auth_login(self.request, verified.user, backend=pending["backend"])

        try:
            login_services.login_verify(
                token=pending["challenge"],
                code=form.cleaned_data["code"],
                sign_in=sign_in,
                request=self.request,
            )
        except _NotStaff:
            return self.start_again(TwoFactorError("invalid_credentials"))
        except TwoFactorError as refusal:
            if refusal.code in ("challenge_invalid", "too_many_attempts"):
                return self.start_again(refusal)
            return self.code_step(pending, form, refusal)
        self.request.session.pop(PENDING_SESSION_KEY, None)
        return self.signed_in()

    def resend(self, pending: dict, channel: str):
        form = CodeForm()
        try:
            self.throttle(_ResendThrottle(pending["user_id"]))
            info = login_services.login_resend(
                token=pending["challenge"], channel=channel if channel in RESEND_LABELS else None
            )
        except TwoFactorError as refusal:
            if refusal.code == "challenge_invalid":
                return self.start_again(refusal)
            return self.code_step(pending, form, refusal)
        pending = {**pending, "channel": info.otp_channel}
        self.request.session[PENDING_SESSION_KEY] = pending
        note = SENT_NOTES[info.otp_channel] % {"phone": info.phone_masked}
        return self.code_step(pending, form, note=note)

    def throttle(self, throttle) -> None:
        if not throttle.allow_request(self.request, None):
            raise throttled(throttle.wait())

    def start_again(self, refusal: TwoFactorError):
        self.request.session.pop(PENDING_SESSION_KEY, None)
        # A new, empty form has no errors of its own: the admin's message list shows why.
        messages.error(self.request, self.refusal_message(PasswordForm(), refusal))
        return self.password_step(PasswordForm(self.request))

    def signed_in(self):
        target = self.next_url()
        allowed = url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        )
        return HttpResponseRedirect(target if allowed else self.index_url())

    def password_step(self, form: PasswordForm, refusal: TwoFactorError | None = None):
        if refusal is not None:
            form.add_error(None, self.refusal_message(form, refusal))
        template = self.site.login_template or "admin/login.html"
        return self.render(template, form)

    def code_step(self, pending: dict, form: CodeForm, refusal=None, note=None):
        channel = pending["channel"]
        context = {
            # Beside the form's: a refused resend comes with a new, unbound form.
            "refusal": refusal.detail if refusal else None,
            "prompt": CODE_PROMPTS[channel] % {"phone": pending["phone"]},
            "note": note,
            # login.services.usable_channels: TOTP_FALLBACK already applied.
            "resend_channels": [(option, RESEND_LABELS[option]) for option in pending["channels"]],
        }
        return self.render(CODE_TEMPLATE, form, context)

    def refusal_message(self, form: PasswordForm, refusal: TwoFactorError) -> str:
        if refusal.code == "invalid_credentials":
            # Django's admin sentence: a staff account's username and password.
            message = form.error_messages["invalid_login"]
            return message % {"username": form.username_field.verbose_name}
        return refusal.detail

    def next_url(self) -> str:
        request = self.request
        return request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")

    def index_url(self) -> str:
        return reverse("admin:index", current_app=self.site.name)

    def render(self, template: str, form, context=None):
        request = self.request
        request.current_app = self.site.name
        context = {
            **self.site.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            "form": form,
            REDIRECT_FIELD_NAME: self.next_url() or self.index_url(),
            **(context or {}),
            **self.extra_context,
        }
        return TemplateResponse(request, template, context)


def _pending(start: login_services.LoginStart) -> dict:
    """What the code step needs, kept in the session between the two steps."""
    user = start.user
    phone = phone_number(user)
    return {
        "challenge": start.challenge.token,
        "channel": start.challenge.channel,
        "backend": user.backend,  # set by authenticate(); login() needs it once more
        "user_id": str(user.pk),
        "phone": mask_phone(phone),
        "channels": login_services.usable_channels(user),
    }


def _login(site: admin.AdminSite, request, extra_context=None):
    return _LoginView(site, request, extra_context).dispatch(request)

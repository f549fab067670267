"""Who passkeys belong to: the relying party's ID, and the origins they may be used from.

A browser makes a passkey only for its page's domain or a parent of it (the RP ID), and
says in every answer which origin asked; both are checked here, so an answer phished
through another site is refused.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port

from .. import app_settings

# Browsers treat these as secure without https; only development servers live there.
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def rp_id(request) -> str:
    """TWO_FACTOR_WEBAUTHN_RP_ID, else the host the request names (ALLOWED_HOSTS vets it)."""
    return app_settings.WEBAUTHN_RP_ID or split_domain_port(request.get_host())[0]


def expected_origins(request, answer_origin: str | None) -> list[str]:
    """The origins an answer may come from: TWO_FACTOR_WEBAUTHN_ORIGINS, else the answer's
    own origin when it is on the RP ID, as a browser would have allowed it."""
    configured = app_settings.WEBAUTHN_ORIGINS
    if configured is not None:
        return configured
    if answer_origin and origin_on_rp_id(answer_origin, rp_id(request)):
        return [answer_origin]
    return []


def origin_on_rp_id(origin: str, rp_id: str) -> bool:
    """Whether ``origin`` is https on ``rp_id`` or a subdomain of it (plain http only for
    a local development server, with DEBUG on)."""
    try:
        parts = urlsplit(origin)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.path or parts.query or parts.fragment:
        return False
    on_domain = host == rp_id or host.endswith("." + rp_id)
    if parts.scheme == "https":
        return on_domain
    return parts.scheme == "http" and settings.DEBUG and on_domain and host in _LOCAL_HOSTS

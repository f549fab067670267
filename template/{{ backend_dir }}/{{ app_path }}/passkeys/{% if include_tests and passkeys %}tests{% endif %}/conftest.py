import pytest
from django.test import RequestFactory


@pytest.fixture(autouse=True)
def relying_party(settings):
    """Passkeys for example.com; the origins are whatever https page of it answers
    (enrolling.ORIGIN)."""
    settings.TWO_FACTOR_WEBAUTHN_RP_ID = "example.com"
    settings.TWO_FACTOR_WEBAUTHN_ORIGINS = None


@pytest.fixture
def http_request():
    return RequestFactory().post("/")

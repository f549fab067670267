"""Malformed requests to every endpoint of a rendered starter's 2FA API, in-process.

tests/fuzz/test_fuzz_api.py copies this file into the rendered backend as a pytest file and
runs it with the starter's own settings and pytest-django: it is not a test of the
template's suite (the name does not match ``test_*.py``). Hypothesis draws, per endpoint,
bodies with wrong types, nulls, arrays, huge strings, non-ASCII digits, control and
surrogate characters, missing and extra fields, broken or non-UTF-8 JSON, wrong content
types and methods, and forged, spent, expired and other users' challenges. Every answer
must be below 500, every refusal in the contract's error shape, and a refused request
must change nothing but what the contract says it counts: a wrong login code adds one to
the user's count of wrong codes (``code_failures`` on their TwoFactorProfile row) and
takes one attempt of the challenge.
"""

import base64
import json
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from importlib import import_module

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

APP = os.environ["FUZZ_DJANGO_APP"]
PREFIX = os.environ["FUZZ_API_PREFIX"]
# Per endpoint: with 19 endpoints, some 3,000 requests in all (the outer test wants 2,000).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "160"))
MIN_REQUESTS = int(os.environ.get("FUZZ_MIN_REQUESTS", "2000"))

totp_services = import_module(f"{APP}.totp.services")
challenges = import_module(f"{APP}.login.challenges")
cache_store = import_module(f"{APP}.cache_store")
models = import_module(f"{APP}.models")

PASSWORD = "fuzz-password-2fa"  # noqa: S105 (the throwaway test users' password)
CONTRACT_CODES = {
    "invalid_code", "code_reused", "no_pending_setup", "already_enabled", "not_enabled",
    "challenge_invalid", "too_many_attempts", "channel_unavailable", "throttled",
    "invalid_credentials", "service_unavailable", "passkey_invalid", "passkey_unknown",
}  # fmt: skip
# DRF's own refusals before a view runs, documented with these codes in the app's schema.
DRF_CODES = {
    "parse_error", "unsupported_media_type", "method_not_allowed", "not_authenticated",
    "authentication_failed",
}  # fmt: skip
# A wrong code or passkey answer at login/verify/ is the one refusal that changes state: it
# is counted.
COUNTED_CODES = {
    "invalid_code", "code_reused", "too_many_attempts", "passkey_invalid", "passkey_unknown"
}  # fmt: skip
# Alice's passkey, whose id the passkey endpoints' paths name.
PASSKEY_ID = 4242
# A profile's 2FA state; its count of wrong codes is the snapshot's "failures".
PROFILE_STATE = (
    "id", "user_id", "totp_enabled", "totp_secret_encrypted", "totp_last_counter",
    "totp_enabled_at", "updated_at",
)  # fmt: skip

# Counts of what was sent and answered, printed at the end for the outer test.
SENT: Counter = Counter()


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    fields: tuple[str, ...]
    anonymous: bool

    @property
    def path(self) -> str:
        return PREFIX + self.name


ENDPOINTS = [
    Endpoint("totp/status/", "GET", (), anonymous=False),
    Endpoint("totp/setup/", "POST", (), anonymous=False),
    Endpoint("totp/enable/", "POST", ("code", "passkey"), anonymous=False),
    Endpoint("totp/disable/", "POST", ("code",), anonymous=False),
    Endpoint("totp/backup-codes/regenerate/", "POST", ("code", "passkey"), anonymous=False),
    Endpoint("login/", "POST", ("username", "password"), anonymous=True),
    Endpoint("login/verify/", "POST", ("challenge", "code", "passkey"), anonymous=True),
    Endpoint("login/resend/", "POST", ("challenge", "channel"), anonymous=True),
    Endpoint("login/passkey/options/", "POST", ("challenge",), anonymous=True),
    Endpoint("login/passwordless/options/", "POST", (), anonymous=True),
    Endpoint("login/passwordless/", "POST", ("passkey",), anonymous=True),
    Endpoint("passkeys/", "GET", (), anonymous=False),
    Endpoint("passkeys/register/options/", "POST", (), anonymous=False),
    Endpoint(
        "passkeys/register/", "POST", ("credential", "name", "code", "passkey"), anonymous=False
    ),
    Endpoint("passkeys/reauthenticate/options/", "POST", (), anonymous=False),
    Endpoint(f"passkeys/{PASSKEY_ID}/rename/", "POST", ("name",), anonymous=False),
    Endpoint(f"passkeys/{PASSKEY_ID}/remove/", "POST", ("code", "passkey"), anonymous=False),
]
LOGIN_VERIFY = next(endpoint for endpoint in ENDPOINTS if endpoint.name == "login/verify/")


@dataclass(frozen=True)
class ChallengeOf:
    """Stands for a challenge made just before the request: the token is not known when
    Hypothesis draws the body."""

    kind: str  # live (alice's), other (carol's), spent, expired


# Strategies -----------------------------------------------------------------------------

UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹" + "０１２３４５６７８９" + "०१२३४५६७८९" + "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"
CONTROL = "".join(map(chr, range(32))) + "\x7f\u200b\u202e\ufeff"
huge = st.sampled_from(["7", "١", "a", "\x00", " ", "é"]).map(lambda char: char * 100_000)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**40),
    st.floats(),
    st.text(max_size=40),
    st.text(alphabet=UNICODE_DIGITS, min_size=1, max_size=12),
    st.text(alphabet=CONTROL, min_size=1, max_size=8),
    st.sampled_from(["\ud800", "123\udfff456", "\U0010ffff" * 6]),
    huge,
    st.lists(st.one_of(st.integers(), st.text(max_size=6)), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=2),
)
well_typed = {
    "code": st.one_of(
        st.text(alphabet="0123456789 ", min_size=1, max_size=12),
        st.from_regex(r"[A-Z2-9]{5}-?[A-Z2-9]{5}", fullmatch=True),
    ),
    "username": st.sampled_from(["alice", "carol", "nobody", "ALICE", " alice"]),
    "password": st.sampled_from([PASSWORD, "wrong", ""]),
    "challenge": st.one_of(
        st.sampled_from(["live", "other", "spent", "expired"]).map(ChallengeOf),
        st.builds(lambda: secrets.token_urlsafe(32)),  # forged, of the real shape
    ),
    "channel": st.sampled_from(["phone", "email", "sms", "PHONE"]),
    "name": st.one_of(st.text(max_size=70), st.sampled_from(["Laptop", " ", "a\tb"])),
}
# A PublicKeyCredential's JSON, its parts well typed, junk or missing.
webauthn_bytes = st.one_of(
    st.binary(max_size=64).map(lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")),
    st.text(max_size=20),
)
answer = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(webauthn_bytes, junk),
        "rawId": st.one_of(webauthn_bytes, junk),
        "type": st.sampled_from(["public-key", "password", ""]),
        "response": st.one_of(
            junk,
            st.fixed_dictionaries(
                {},
                optional={
                    name: st.one_of(webauthn_bytes, junk)
                    for name in (
                        "clientDataJSON",
                        "authenticatorData",
                        "signature",
                        "userHandle",
                        "attestationObject",
                    )
                },
            ),
        ),
        "clientExtensionResults": st.one_of(st.just({}), junk),
    },
)
well_typed["credential"] = answer
well_typed["passkey"] = answer


@st.composite
def documents(draw, endpoint: Endpoint):
    """A JSON object for the endpoint: each field well typed, junk or missing, plus extras."""
    body = {}
    for name in endpoint.fields:
        choice = draw(st.sampled_from(["well_typed", "junk", "missing"]))
        if choice != "missing":
            body[name] = draw(well_typed[name] if choice == "well_typed" else junk)
    extras = draw(st.dictionaries(st.text(min_size=1, max_size=10), junk, max_size=2))
    return {**extras, **body}


RAW_BODIES = [
    b"",
    b'{"code": "1"',
    b"{'code': '123456'}",
    b'{"code": NaN}',
    b'{"code": Infinity, "challenge": -Infinity}',
    b"\xff\xfe\x00{",
    b'{"code": "\xff\xfe"}',
    b'{"code": "\\ud800"}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": ' * 5_000 + b"1" + b"}" * 5_000,
    b'\xef\xbb\xbf{"code": "123456"}',
    b"code=123456&challenge=x",
]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "application/json; charset=no-such-codec",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=fuzz",
    "text/plain",
    "",  # none at all
]


@dataclass(frozen=True)
class Request:
    method: str
    document: object  # what json.dumps makes the body of, unless raw is set
    raw: bytes | None
    ensure_ascii: bool
    content_type: str
    user: str | None  # alice (TOTP on), bob (setup pending) or None (anonymous)


@st.composite
def requests(draw, endpoint: Endpoint):
    method = draw(st.sampled_from([endpoint.method] * 16 + ["GET", "PUT", "PATCH", "DELETE"]))
    kind = draw(st.sampled_from(["object"] * 6 + ["other_document", "raw"]))
    document = draw(documents(endpoint) if kind == "object" else junk)
    raw = (
        draw(st.one_of(st.sampled_from(RAW_BODIES), st.binary(max_size=40)))
        if kind == "raw"
        else None
    )
    json_type = draw(st.booleans())
    content_type = "application/json" if json_type else draw(st.sampled_from(CONTENT_TYPES))
    users = [None] if endpoint.anonymous else ["alice", "alice", "bob", "bob", None]
    return Request(
        method=method,
        document=document,
        raw=raw,
        ensure_ascii=draw(st.booleans()),
        content_type=content_type,
        user=draw(st.sampled_from(users)),
    )


# The world the requests hit -------------------------------------------------------------


@dataclass
class World:
    alice: object  # TOTP on, ten backup codes, a passkey, a phone and an email
    bob: object  # a setup pending, no TOTP
    carol: object  # no TOTP, an email, no phone: codes by email
    alice_secret: str
    alice_backup_codes: list
    bob_secret: str


def make_user(name: str, **extra):
    return get_user_model()._default_manager.create_user(
        username=name, email=f"{name}@example.com", password=PASSWORD, **extra
    )


@pytest.fixture
def world(db, settings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The request-rate throttles and the resend cooldown would answer most of the fuzz
    # with 429 before the view reads the body; the contract tests cover them.
    scopes = [
        "login",
        "two_factor_setup",
        "two_factor_code",
        "login_otp_resend",
        "login_passkey_options",
        "login_passwordless_options",
        "otp_resend",
    ]
    settings.TWO_FACTOR_THROTTLE_RATES = dict.fromkeys(scopes)
    settings.TWO_FACTOR_RESEND_COOLDOWN = 0
    settings.TWO_FACTOR_CACHE_KEY_PREFIX = f"fuzz:{secrets.token_hex(8)}"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    alice = make_user("alice", phone_number="+15550001234")
    bob = make_user("bob")
    carol = make_user("carol")
    pending = totp_services.totp_setup_begin(user=alice)
    # Enrolled with the previous step's code, so that the current step's code is unused.
    step_before = pyotp.TOTP(pending.secret).at(time.time() - 30)
    backup_codes = totp_services.totp_enable(user=alice, code=step_before)
    bob_pending = totp_services.totp_setup_begin(user=bob)
    # A passkey beside alice's authenticator, for the endpoints that name one (its key is
    # no key: no answer can be right for it).
    # As a registration leaves it: the profile's user handle first, then the passkey.
    models.TwoFactorProfile.objects.filter(user=alice).update(passkey_user_handle=b"h" * 32)
    models.Passkey.objects.create(
        pk=PASSKEY_ID,
        user=alice,
        name="Laptop",
        credential_id=b"fuzz-credential",
        credential_id_sha256="0" * 64,
        public_key=b"not a COSE key",
    )
    return World(alice, bob, carol, pending.secret, backup_codes, bob_pending.secret)


def snapshot(world: World, tokens: dict) -> dict:
    cache = cache_store.get_cache()
    user_model = get_user_model()
    return {
        "users": list(
            user_model._default_manager.order_by("pk").values_list(
                "pk", "password", "last_login", "is_active"
            )
        ),  # fmt: skip
        # A refused code may make the user's profile row, which the turn-taking lock
        # needs and which counts wrong codes: a row of defaults means "no 2FA", as no
        # row does. Its count of wrong codes is compared apart, as "failures".
        "profiles": list(
            models.TwoFactorProfile.objects.exclude(
                totp_enabled=False, totp_secret_encrypted="", totp_last_counter=-1
            )
            .order_by("pk")
            .values(*PROFILE_STATE)
        ),
        "backup_codes": list(models.BackupCode.objects.order_by("pk").values()),
        "passkeys": list(models.Passkey.objects.order_by("pk").values()),
        # The per-user count of wrong codes, kept on the profile: compared on its own.
        "failures": Counter(
            dict(
                models.TwoFactorProfile.objects.filter(code_failures__gt=0).values_list(
                    "user_id", "code_failures"
                )
            )
        ),
        "pending": {
            user.pk: cache.get(cache_store.cache_key("pending_setup", user.pk))
            for user in (world.alice, world.bob)
        },
        # Live challenges only: an expired one's cache entry goes away on its own.
        "challenges": {kind: challenge_state(tokens[kind]) for kind in ("live", "other")},
        "outbox": len(mail.outbox),
    }


def challenge_state(token: str):
    state_key, attempts_key = challenges._keys(token)
    cache = cache_store.get_cache()
    return cache.get(state_key), cache.get(attempts_key)


def make_tokens(world: World) -> dict:
    """A challenge of each kind, made afresh for one request."""
    live = challenges.challenge_create(user_id=world.alice.pk, channel="totp")
    other = challenges.challenge_create(user_id=world.carol.pk, channel="email")
    spent = challenges.challenge_create(user_id=world.alice.pk, channel="totp")
    challenges.challenge_spend(spent)
    with override_settings(TWO_FACTOR_CHALLENGE_TIMEOUT=-1):
        expired = challenges.challenge_create(user_id=world.alice.pk, channel="totp")
    return {
        "live": live.token,
        "other": other.token,
        "spent": spent.token,
        "expired": expired.token,
    }


def with_tokens(value, tokens: dict):
    if isinstance(value, ChallengeOf):
        return tokens[value.kind]
    if isinstance(value, dict):
        return {key: with_tokens(item, tokens) for key, item in value.items()}
    return value


def encode(request: Request, tokens: dict) -> bytes:
    if request.raw is not None:
        return request.raw
    text = json.dumps(with_tokens(request.document, tokens), ensure_ascii=request.ensure_ascii)
    # A lone surrogate without ensure_ascii makes bytes that are not UTF-8: sent as such.
    return text.encode("utf-8", "surrogatepass")


def send(world: World, endpoint: Endpoint, request: Request, tokens: dict):
    client = APIClient()
    if request.user:
        client.force_authenticate(getattr(world, request.user))
    body = encode(request, tokens)
    response = client.generic(
        request.method, endpoint.path, body, content_type=request.content_type
    )
    SENT["requests"] += 1
    SENT[f"{response.status_code // 100}xx"] += 1
    return response


# What every answer must be --------------------------------------------------------------


def assert_error_shape(endpoint: Endpoint, response) -> dict:
    body = response.json()
    assert isinstance(body, dict) and body, body
    if "code" in body and isinstance(body["code"], str):
        assert isinstance(body.get("detail"), str) and body["detail"], body
        assert body["code"] in CONTRACT_CODES | DRF_CODES, body
        if response.status_code == 429:
            assert body["code"] == "throttled" and response.headers.get("Retry-After"), body
        if body["code"] == "service_unavailable":
            assert response.status_code == 503 and response.headers.get("Retry-After"), body
        return body
    # DRF's field shape, which the contract allows for a missing or malformed field.
    assert set(body) <= {*endpoint.fields, "non_field_errors"}, body
    for messages in body.values():
        assert isinstance(messages, list) and messages, body
        assert all(isinstance(message, str) and message for message in messages), body
    return body


def expected_after(before: dict, world: World, endpoint: Endpoint, request, body: dict) -> dict:
    """What a refusal may change: a counted wrong code adds one failure to the challenge's
    user and takes one attempt of a live challenge."""
    expected = {
        **before,
        "failures": Counter(before["failures"]),
        "challenges": dict(before["challenges"]),
    }
    if endpoint != LOGIN_VERIFY or not isinstance(body.get("code"), str):
        return expected
    if body["code"] not in COUNTED_CODES:
        return expected
    kind = request.document.get("challenge") if isinstance(request.document, dict) else None
    assert isinstance(kind, ChallengeOf) and kind.kind in ("live", "other"), (kind, body)
    user = world.alice if kind.kind == "live" else world.carol
    expected["failures"][user.pk] += 1
    state, _ = before["challenges"][kind.kind]
    expected["challenges"][kind.kind] = (state, 1)
    if body["code"] in ("invalid_code", "passkey_invalid", "passkey_unknown"):
        assert body.get("attempts_remaining") == 4, body
    return expected


def clear_failures() -> None:
    models.TwoFactorProfile.objects.update(
        code_failures=0,
        code_failures_since=None,
        code_failed_at=None,
        password_failures=0,
        password_failures_since=None,
    )


def check(world: World, endpoint: Endpoint, request: Request) -> None:
    # Failures counted by earlier examples would soon make every login/ and verify a 429.
    clear_failures()
    tokens = make_tokens(world)
    before = snapshot(world, tokens)
    response = send(world, endpoint, request, tokens)
    # The cache and the database are up: even service_unavailable would be an input that
    # broke a query.
    assert response.status_code < 500, (response.status_code, response.content[:500])
    if response.status_code < 400:
        return
    body = assert_error_shape(endpoint, response)
    code = body.get("code")
    SENT[f"code:{code}" if isinstance(code, str) else "field_errors"] += 1
    assert snapshot(world, tokens) == expected_after(before, world, endpoint, request, body), body


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
def test_malformed_requests(world, endpoint):
    @FUZZ_SETTINGS
    @given(request=requests(endpoint))
    def fuzz(request):
        check(world, endpoint, request)

    fuzz()


# Non-ASCII digits and letters in a right code -------------------------------------------

TRANSLATIONS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
    "full-width": "０１２３４５６７８９",
    "devanagari": "०१२३४५६७८९",
    "math-bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}


def verify(world: World, code: str, tokens: dict):
    request = Request(
        method="POST",
        document={"challenge": ChallengeOf("live"), "code": code},
        raw=None,
        ensure_ascii=False,
        content_type="application/json",
        user=None,
    )
    before = snapshot(world, tokens)
    response = send(world, LOGIN_VERIFY, request, tokens)
    assert response.status_code < 500, response.content[:500]
    return request, before, response


def test_right_code_in_other_digits_is_refused(world):
    """The right authenticator code written in other scripts' digits, and the right backup
    code in full-width letters, are refused as wrong codes (and counted as such), never
    accepted: only ASCII digits and letters are codes. Then the plain code signs in."""
    totp = pyotp.TOTP(world.alice_secret)
    right = totp.now()
    full_width = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    variants = {
        name: right.translate(str.maketrans("0123456789", digits))
        for name, digits in TRANSLATIONS.items()
    }
    variants["full-width-backup-code"] = world.alice_backup_codes[0].translate(full_width)
    for name, code in variants.items():
        clear_failures()
        tokens = make_tokens(world)
        request, before, response = verify(world, code, tokens)
        body = assert_error_shape(LOGIN_VERIFY, response)
        outcome = f"{response.status_code} {body.get('code')}"
        print(f"FUZZ-PROBE login/verify/ right code in {name}: {outcome}")
        assert response.status_code == 400 and body["code"] == "invalid_code", (name, body)
        assert snapshot(world, tokens) == expected_after(before, world, LOGIN_VERIFY, request, body)

    # The pending setup of bob: the enrolling code in Arabic-Indic digits is refused too.
    code = pyotp.TOTP(world.bob_secret).now()
    client = APIClient()
    client.force_authenticate(world.bob)
    arabic = code.translate(str.maketrans("0123456789", TRANSLATIONS["arabic-indic"]))
    response = client.post(PREFIX + "totp/enable/", {"code": arabic}, format="json")
    SENT["requests"] += 1
    outcome = f"{response.status_code} {response.json().get('code')}"
    print(f"FUZZ-PROBE totp/enable/ right code in arabic-indic: {outcome}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_code"

    # The control: the same code in ASCII, with a space inside, signs alice in.
    clear_failures()
    _, _, response = verify(world, f"{right[:3]} {right[3:]}", make_tokens(world))
    assert response.status_code == 200, response.content[:300]


def test_zz_enough_requests_were_sent():
    # Named to run last: the module's tests run in file order.
    print(f"FUZZ-COUNTS {json.dumps(dict(SENT), sort_keys=True)}")
    assert SENT["requests"] >= MIN_REQUESTS, SENT

"""The variant matrix: a pairwise set of answers, kept in tests/variants.yml.

Every pair of values of the seven questions below appears together in at least one variant
(4 x 5 x 3 x 5 x 2 x 2 x 2 answers would be 2,400 projects; the pairs need 25), and so does
every triple of ui_kit, frontend_framework and project_kind: each kit is built in a
starter app and in an existing app of each framework, since those are different files
(the starter's kit setup, the feature inside the user's app). The set is made greedily
and deterministically; ``python -m support.matrix --write``, run in tests/, rewrites the
file, which also lists the variants added by hand (``extras``) for what pairs can't show.
"""

from __future__ import annotations

import itertools
import random
import sys

import yaml

from support.template import CHOICES, COPIER_CONFIG, REPO_ROOT

VARIANTS_FILE = REPO_ROOT / "tests" / "variants.yml"
PAIRWISE_QUESTIONS = (
    "jwt_library",
    "sms_provider",
    "email_provider",
    "ui_kit",
    "frontend_framework",
    "project_kind",
    "passkeys",
)
# A yes/no question's values, and how a variant's name spells them.
BOOLEAN_NAMES = {"passkeys": {True: "passkeys", False: "no_passkeys"}}
# The questions that together decide which frontend files are built.
APP_SHAPE = ("ui_kit", "frontend_framework", "project_kind")
CANDIDATES = 40
# The seed of the smallest set found: 25 variants, the least possible (sms_provider x
# ui_kit alone are 25 pairs).
SEED = 2048

# Answers that must appear together in some variant: two of them (a pair) or the three of
# APP_SHAPE, as ((question, value), ...) in PAIRWISE_QUESTIONS order.
Combination = tuple[tuple[str, str], ...]


def all_combinations(questions: dict[str, list[str]]) -> set[Combination]:
    pairs = {
        ((q1, v1), (q2, v2))
        for q1, q2 in itertools.combinations(questions, 2)
        for v1 in questions[q1]
        for v2 in questions[q2]
    }
    shapes = {
        tuple(zip(APP_SHAPE, values, strict=True))
        for values in itertools.product(*(questions[question] for question in APP_SHAPE))
    }
    return pairs | shapes


def combinations_of(answers: dict[str, str]) -> set[Combination]:
    """The pairs and the app shape a variant's answers cover; unanswered questions left out."""
    chosen = [(q, answers[q]) for q in PAIRWISE_QUESTIONS if q in answers]
    covered = set(itertools.combinations(chosen, 2))
    if all(question in answers for question in APP_SHAPE):
        covered.add(tuple((question, answers[question]) for question in APP_SHAPE))
    return covered


def pairwise(questions: dict[str, list[str]], seed: int = SEED) -> list[dict[str, str]]:
    """Variants until every combination is covered: each the best of a few greedy candidates."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible choice, not a secret)
    uncovered = all_combinations(questions)
    variants: list[dict[str, str]] = []
    while uncovered:
        best: dict[str, str] = {}
        best_gain = -1
        for _ in range(CANDIDATES):
            answers = dict(rng.choice(sorted(uncovered)))
            rest = [question for question in questions if question not in answers]
            rng.shuffle(rest)
            for question in rest:
                answers[question] = max(
                    questions[question],
                    key=lambda value, q=question: (
                        len(combinations_of({**answers, q: value}) & uncovered),
                        rng.random(),
                    ),
                )
            gain = len(combinations_of(answers) & uncovered)
            if gain > best_gain:
                best, best_gain = answers, gain
        variants.append({question: best[question] for question in questions})
        uncovered -= combinations_of(best)
    return variants


def valid_answers(answers: dict[str, str]) -> dict:
    """The answers plus what makes them a project Copier accepts, pairs unchanged."""
    full: dict = dict(answers)
    if answers["sms_provider"] != "none" and answers["project_kind"] == "existing":
        # SMS needs a phone field, which auth.User (an existing project's default) lacks.
        full |= {"user_model": "users.User", "user_phone_field": "phone_number"}
    if answers["sms_provider"] == "none" and answers["email_provider"] == "none":
        full["otp_for_all_users"] = False  # no channel to send codes through
    return full


def values(question: str) -> list:
    """A pairwise question's values: its choices, or yes and no."""
    return list(BOOLEAN_NAMES[question]) if question in BOOLEAN_NAMES else CHOICES[question]


def variant_name(answers: dict) -> str:
    return "-".join(
        BOOLEAN_NAMES[question][answers[question]]
        if question in BOOLEAN_NAMES
        else str(answers[question])
        for question in PAIRWISE_QUESTIONS
    )


EXTRAS = {
    # Folders other than the defaults, in an existing shadcn/ui project that takes the
    # feature's own copies of the components (the pairwise existing ones import the
    # project's, from @/components/ui).
    "nested-paths": {
        "project_kind": "existing",
        "backend_dir": "src/server",
        "django_app": "apps.security.tfa",
        "frontend_dir": "web",
        "frontend_feature_dir": "app/security/2fa",
        "api_prefix": "/v1/2fa/",
        "shadcn_ui_import": "",
    },
    # A custom user model signing in with its email, its phone field named otherwise.
    "email-username": {
        "project_kind": "existing",
        "user_model": "accounts.EmailUser",
        "user_phone_field": "mobile",
        "sms_provider": "console",
    },
    "no-phone-field": {"user_phone_field": ""},
    # Neither sent codes for users without an authenticator nor as a fallback for those
    # with one: only authenticator and backup codes sign in.
    "otp-for-all-users-off": {"otp_for_all_users": False, "totp_fallback": False},
    "anymail-postmark": {"email_provider": "anymail", "anymail_esp": "postmark"},
}


def build() -> dict:
    questions = {question: values(question) for question in PAIRWISE_QUESTIONS}
    pairwise_variants = {
        variant_name(answers): valid_answers(answers) for answers in pairwise(questions)
    }
    return {"pairwise": pairwise_variants, "extras": EXTRAS}


def app_shape(answers: dict) -> tuple[str, ...]:
    """The variant's kit, framework and project kind, the questions' defaults where unasked."""
    return tuple(answers.get(q, COPIER_CONFIG[q]["default"]) for q in APP_SHAPE)


def builders(variants: dict[str, dict]) -> dict[str, str]:
    """For each variant, the variant whose frontend build stands for its own: the first of
    its app shape. What a bundler sees differently is the app shape's files (the kit's,
    the framework's, a starter's or the harness app's); the other answers change a few
    constants and the token helpers, which tsc, ESLint and Vitest check in every variant.
    """
    first: dict[tuple[str, ...], str] = {}
    for name, answers in variants.items():
        first.setdefault(app_shape(answers), name)
    return {name: first[app_shape(answers)] for name, answers in variants.items()}


def load() -> dict[str, dict]:
    """Every variant of tests/variants.yml, by name."""
    content = yaml.safe_load(VARIANTS_FILE.read_text(encoding="utf-8"))
    return {**content["pairwise"], **content["extras"]}


HEADER = """\
# The variant matrix, written by tests/support/matrix.py (python -m support.matrix --write).
# pairwise: every pair of values of jwt_library, sms_provider, email_provider, ui_kit,
#   frontend_framework, project_kind and passkeys appears together at least once, and so
#   does every triple of ui_kit, frontend_framework and project_kind. A variant's name is
#   its seven answers; its other answers are what makes the set valid (a phone field for SMS
#   in an existing project, no OTP for everyone without a channel).
# extras: what pairs can't show.
"""


if __name__ == "__main__":
    content = build()
    text = HEADER + yaml.safe_dump(content, sort_keys=False, width=100)
    if "--write" in sys.argv:
        VARIANTS_FILE.write_text(text, encoding="utf-8")
        print(f"{len(content['pairwise'])} pairwise variants written to {VARIANTS_FILE}")
    else:
        print(text)

"""The test machinery itself: the Redis fixture and the harness project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from copier import run_copy

from support.backend import HARNESS_DIR, harness_env, prepare_backend
from support.render import Variant
from support.services import RedisServer
from support.template import REPO_ROOT


def variant_in(dest: Path, **answers: str) -> Variant:
    defaults = {
        "backend_dir": "backend",
        "django_app": "two_factor_auth",
        "user_model": "auth.User",
        "api_prefix": "/api/auth/",
    }
    return Variant(dest=dest, answers={**defaults, **answers})


@pytest.mark.backend
def test_redis_server_answers_and_gives_each_variant_its_own_database(
    redis_server: RedisServer,
):
    first, second = redis_server.next_url(), redis_server.next_url()
    assert first != second
    one, two = redis.Redis.from_url(first), redis.Redis.from_url(second)
    try:
        assert one.ping()
        one.set("key", "one")
        assert two.get("key") is None
    finally:
        one.flushdb()
        one.close()
        two.close()


def test_prepare_backend_copies_the_user_app_of_the_harness_user_model(tmp_path: Path):
    custom = prepare_backend(
        variant_in(tmp_path / "custom", user_model="users.User"), redis_url="redis://x/0"
    )
    assert (custom.dir / "users" / "migrations" / "0001_initial.py").is_file()
    assert not (custom.dir / "accounts").exists()
    assert (custom.dir / "manage.py").is_file()
    assert (custom.dir / "pytest.ini").is_file()
    assert custom.env["HARNESS_USER_MODEL"] == "users.User"
    assert custom.env["HARNESS_REDIS_URL"] == "redis://x/0"

    plain = prepare_backend(variant_in(tmp_path / "plain", backend_dir="."), redis_url="r")
    assert plain.dir == (tmp_path / "plain").resolve()
    assert (plain.dir / "harness_project" / "settings.py").is_file()
    assert not (plain.dir / "users").exists()
    assert not (plain.dir / "accounts").exists()

    email = prepare_backend(
        variant_in(tmp_path / "email", user_model="accounts.EmailUser", user_phone_field="mobile"),
        redis_url="r",
    )
    assert (email.dir / "accounts" / "migrations" / "0001_initial.py").is_file()
    assert not (email.dir / "users").exists()
    assert email.env["HARNESS_USER_MODEL"] == "accounts.EmailUser"


def test_harness_refuses_to_start_without_redis(tmp_path: Path):
    shutil.copytree(HARNESS_DIR, tmp_path, dirs_exist_ok=True)
    env = harness_env(variant_in(tmp_path), redis_url="")
    del env["HARNESS_REDIS_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HARNESS_REDIS_URL" in result.stderr


def test_renders_include_uncommitted_changes(tmp_path: Path):
    # The suite renders this checkout at HEAD: copier must add what is not committed yet.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True)
    (clone / "template" / "uncommitted.txt").write_text("draft\n", encoding="utf-8")
    run_copy(
        src_path=str(clone),
        dst_path=str(tmp_path / "dest"),
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    assert (tmp_path / "dest" / "uncommitted.txt").read_text(encoding="utf-8") == "draft\n"

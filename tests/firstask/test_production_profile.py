"""The production profile (DJANGO_ENV=production): refuses to start half-configured, and
passes Django's deployment checks when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from config.production import check_production, is_production, proxy_ssl_header
from tests.factories import StaffFactory

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3J9-vQ2x_Lm8Zr4Tw6Ya1Nb5Hc7Ud0Fe2Gi4Oj6Pk8Ql0Rm2Sn4To6Up8Vq0Wr2Xs4"


def manage(*args, tmp_path, **variables):
    """Run manage.py with a clean environment: no developer .env, no CI database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SECRET_", "ALLOWED_", "DEBUG", "DATABASE"))
    }
    env.update(
        FIRSTASK_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="filesystem://",
        **variables,
    )
    code = (
        "import environ, sys;"
        "environ.Env.read_env = classmethod(lambda cls, *a, **k: None);"  # ignore any .env
        "sys.argv = ['manage.py', *sys.argv[1:]];"
        "import runpy; runpy.run_path('manage.py', run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "firstask.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def test_check_deploy_is_clean_under_the_production_profile(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(tmp_path, missing, named):
    result = manage("check", tmp_path=tmp_path, **{**PRODUCTION, **missing})

    assert result.returncode != 0
    assert "DJANGO_ENV=production refuses to start" in result.stderr
    assert named in result.stderr


@pytest.mark.parametrize(
    ("secret_key", "hosts", "debug", "named"),
    [
        ("", ["a.example.org"], False, "SECRET_KEY"),
        ("firstask-development-only-not-for-production", ["a.example.org"], False, "SECRET_KEY"),
        ("insecure-compose-default-set-SECRET_KEY-in-.env", ["a.example.org"], False, "SECRET"),
        ("short", ["a.example.org"], False, "50"),
        (GOOD_KEY, [], False, "ALLOWED_HOSTS"),
        (GOOD_KEY, ["*"], False, "'*'"),
        (GOOD_KEY, ["a.example.org"], True, "DEBUG"),
    ],
)
def test_what_production_insists_on(secret_key, hosts, debug, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        check_production(secret_key=secret_key, allowed_hosts=hosts, debug=debug)


@pytest.mark.parametrize(
    "secret_key",
    [
        "aaaaabbbbbcccccdddddeeeee" * 2,  # five characters, 50 long: Django's own check passes it
        "".join(c * 5 for c in "abcdefghij"),
        "abcdefghij" * 5,
        "0123456789abcdefghijklmnopqrst" * 2,
    ],
)
def test_production_refuses_a_patterned_secret_key(secret_key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        check_production(secret_key=secret_key, allowed_hosts=["a.example.org"], debug=False)


@pytest.mark.parametrize(
    "secret_key",
    [
        GOOD_KEY,
        # What the README and Django suggest, and a hex key (only 16 different characters).
        "c9Q2f_Vx7bLk0pRz4Ws8Ha1Ne6Ty3Ju5Mi9Go2Dq7Fv0Xc4Bn8Al1Ks6Eh3Wr5Yp7Zm",
        "s8zt3tn#384u9*#q+k5pv2x9uzs*hc2$c$461iu24ju-%&3_2r",
        "8f3a1c9e07b2d64f5a8c1e9b3d7f2a60c4e8b1d9f3a7c5e2b8d0f6a4c9e1b7d3",
    ],
)
def test_production_accepts_a_random_secret_key(secret_key):
    check_production(secret_key=secret_key, allowed_hosts=["a.example.org"], debug=False)


@pytest.mark.parametrize(
    ("value", "production"), [("", False), ("development", False), (" Production ", True)]
)
def test_the_known_profiles(value, production):
    assert is_production(value) is production


@pytest.mark.parametrize("value", ["prod", "staging", "dev", "test"])
def test_an_unknown_profile_refuses_to_start_naming_the_known_ones(value):
    with pytest.raises(ImproperlyConfigured, match="development, production"):
        is_production(value)


def test_a_mistyped_profile_stops_manage_py(tmp_path):
    result = manage("check", tmp_path=tmp_path, **{**PRODUCTION, "DJANGO_ENV": "prod"})

    assert result.returncode != 0
    assert "DJANGO_ENV='prod'" in result.stderr


def test_a_complete_production_configuration_passes():
    check_production(secret_key=GOOD_KEY, allowed_hosts=["a.example.org"], debug=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("X-Forwarded-Proto", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("HTTP_X_FORWARDED_PROTO", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("X-Forwarded-Ssl=on", ("HTTP_X_FORWARDED_SSL", "on")),
    ],
)
def test_the_proxy_ssl_header_is_read_from_the_environment(value, expected):
    assert proxy_ssl_header(value) == expected


@pytest.mark.parametrize(
    "password",
    [
        "clerk123",
        "12345678901",
        "password1234",
        "wangfang2026",
        "aaaaaaaaaaaa",
        "abababababab",
        "123123123123",
        "xyzxyzxyzxyzxyz",
        "qweqweqweqwe!",
    ],
)
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="wangfang", first_name="wangfang")

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_repetitive_password_is_refused_with_a_translated_message(django_user_model):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("abcabcabcabc", django_user_model(username="wangfang"))

    assert any("重复" in message for message in refused.value.messages), refused.value.messages


def test_a_long_unusual_password_is_accepted(django_user_model):
    validate_password("窗口-晴天-7391-松柏", django_user_model(username="wangfang"))


def test_a_staff_session_ends_after_eight_hours_and_with_the_browser(client, db):
    staff = StaffFactory()
    staff.user.set_password("窗口-晴天-7391-松柏")
    staff.user.save()

    response = client.post(
        reverse("login"), {"username": staff.user.username, "password": "窗口-晴天-7391-松柏"}
    )

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_plain_http_is_redirected_except_for_the_health_probe(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/login/").status_code == 301
    assert client.get("/health/").status_code != 301

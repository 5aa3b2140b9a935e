"""Production start-up: the deploy check passes with only the four documented variables, a
missing secret key stops start-up naming it, and DEBUG off turns on the secure defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k2vQ7xN0pL9rT4sW8yB1cE6fH3jM5nR0uX2zA7dG9kP4qS8vY1bC3eF6hJ0mN5rT"

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_REDIRECT_EXEMPT": s.SECURE_REDIRECT_EXEMPT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_REFERRER_POLICY": s.SECURE_REFERRER_POLICY,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "SECURE_CSP": bool(s.SECURE_CSP),
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "LOG_FORMAT": s.LOG_FORMAT,
    "STATICFILES_BACKEND": s.STORAGES["staticfiles"]["BACKEND"],
    "WHITENOISE": "whitenoise.middleware.WhiteNoiseMiddleware" in s.MIDDLEWARE,
}))
"""


def production_env(**extra: str) -> dict[str, str]:
    """Exactly the four production variables, plus what a process needs to run."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "claimtrail.example.org",
        "DATABASE_URL": "postgres://claimtrail@db.example.org:5432/claimtrail",
    }
    env.update(extra)
    return {name: value for name, value in env.items() if value is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_four_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_in_development_mode():
    """The check is real: with DEBUG on it reports the insecure settings."""
    env = production_env(DJANGO_DEBUG="1")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_a_missing_secret_key_in_production_stops_start_up_naming_it(secret):
    env = production_env(DJANGO_SECRET_KEY=secret)
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_defaults_are_secure():
    result = run(["-c", PRINT_SETTINGS], production_env(DJANGO_SETTINGS_MODULE="config.settings"))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": [r"^healthz$"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CSP": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "LOG_FORMAT": "json",
        "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "WHITENOISE": True,
    }


def test_behind_a_tls_proxy_the_redirect_and_proxy_header_come_from_the_environment():
    env = production_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_LOG_FORMAT="text",
    )
    result = run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["LOG_FORMAT"] == "text"
    assert values["SESSION_COOKIE_SECURE"] is True  # still secure: only the redirect moved


def test_development_forces_no_https():
    env = production_env(DJANGO_DEBUG=None, DJANGO_SECRET_KEY=None, DATABASE_URL=None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is True
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["LOG_FORMAT"] == "text"


def test_a_malformed_number_stops_start_up_naming_the_variable():
    result = run(["manage.py", "check"], production_env(AXES_FAILURE_LIMIT="five"))
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT" in result.stderr


def test_the_gunicorn_config_loads_with_the_production_environment():
    env = production_env(PORT="8911", WEB_CONCURRENCY="3", GUNICORN_WORKER_CONNECTIONS="8")
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "config/gunicorn.conf.py",
            "--print-config",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip()
        for line in result.stdout.splitlines()
        if "=" in line
    }
    assert config["bind"] == "['127.0.0.1:8911']"
    assert config["workers"] == "3"
    assert config["preload_app"] == "True"
    assert int(config["max_requests"]) > 0 and int(config["max_requests_jitter"]) > 0
    assert config["worker_connections"] == "8"


ACCESS_LOG_CHECK = """
import runpy
from gunicorn.config import Config
from config.gunicorn_logging import Logger
settings = runpy.run_path("config/gunicorn.conf.py")
assert settings["logger_class"] == "config.gunicorn_logging.Logger"
cfg = Config()
cfg.set("logconfig_dict", settings["logconfig_dict"])
print(Logger(cfg).access_log_enabled)
"""


@pytest.mark.parametrize(("access_log", "built"), [("", "False"), ("1", "True")])
def test_gunicorn_builds_access_lines_only_when_it_writes_them(access_log, built):
    """gunicorn builds every request's access-line fields whenever a logging configuration is
    given; ours skips them while the access logger would drop the line. (In a process of its
    own: gunicorn's logger applies its logging configuration to the whole process.)"""
    result = subprocess.run(
        [sys.executable, "-c", ACCESS_LOG_CHECK],
        cwd=ROOT,
        env=production_env(GUNICORN_ACCESS_LOG=access_log),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == built


PRE_FORK_CHECK = """
import gc
import runpy
from gunicorn.config import Config
settings = runpy.run_path("config/gunicorn.conf.py")
cfg = Config()
cfg.set("pre_fork", settings["pre_fork"])
from config.wsgi import application  # what preload_app loads in the master
before = gc.get_freeze_count()
cfg.pre_fork(None, None)
print(before, gc.get_freeze_count())
"""


def test_gunicorn_freezes_what_the_master_loaded_before_forking():
    """Objects loaded before the fork go to the collector's permanent generation, so a
    worker's full collections skip them (a 72-110 ms pause every ~15 s per worker under load,
    otherwise). Checked through gunicorn's own setting, as the master calls it."""
    result = subprocess.run(
        [sys.executable, "-c", PRE_FORK_CHECK],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split()[-2:])
    assert after - before > 50_000  # Django, DRF and the app: the whole loaded application


FAST_LANE_CHECK = """
from config.wsgi import application
from django.conf import settings
print(sorted(settings.FAST_LANE_URLS), type(application).__name__)
"""


@pytest.mark.parametrize(
    ("switch", "expected"),
    [
        ("", "['api:claim-detail', 'api:claim-list', 'api:claimreview-list'] FastLane"),
        ("0", "[] WSGIHandler"),
    ],
)
def test_api_fast_lane_switches_the_lane(switch, expected):
    env = production_env()
    if switch:
        env["API_FAST_LANE"] = switch
    result = subprocess.run(
        [sys.executable, "-c", FAST_LANE_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected

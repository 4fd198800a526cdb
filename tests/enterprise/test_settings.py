"""The embedded default starts with nothing set; production passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DATABASE_URL": "postgres://motouke@db.internal:5432/motouke",
    "SECRET_KEY": "x7Qv9-production-secret-kept-in-a-vault-" + "k" * 20,
    "ALLOWED_HOSTS": "motouke.example.jp",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    "CACHE_URL": "redis://cache.internal:6379/1",
}


def manage(*args, env, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean["MOTOUKE_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=PRODUCTION,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_shared_cache_is_warned(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    result = manage("check", "--deploy", env=env, tmp_path=tmp_path)
    assert "motouke.W001" in result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_default_starts_with_nothing_set(tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.EMAIL_BACKEND, s.DEBUG)",
        env={},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "False",
    ]


def _print_setting(expr, env, tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings as s; print({expr})",
        env=env,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_hsts_preload_is_off_in_production_unless_the_operator_opts_in(tmp_path):
    expr = "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD"
    assert _print_setting(expr, PRODUCTION, tmp_path) == ["31536000", "False"]
    opted_in = {**PRODUCTION, "SECURE_HSTS_PRELOAD": "true"}
    assert _print_setting(expr, opted_in, tmp_path) == ["31536000", "True"]


def test_check_deploy_stays_clean_when_preload_is_chosen(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "SECURE_HSTS_PRELOAD": "true"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mail_links_follow_the_port_of_the_embedded_run(tmp_path):
    # make run PORT=8001 exports PORT; links in mails must point there.
    assert _print_setting("s.SITE_URL", {"PORT": "8001"}, tmp_path) == [
        "http://127.0.0.1:8001"
    ]
    assert _print_setting("s.SITE_URL", {}, tmp_path) == ["http://127.0.0.1:8000"]

"""The production stack for the browser tests, started on 127.0.0.1.

gunicorn serves the app with production settings (``DATABASE_URL`` set) on a
fresh PostgreSQL database loaded with the demo; a Celery worker and beat run
on Redis. Mail goes to files, so a test can follow the link a person would
get. ``stop()`` ends every process, also after a failed start.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import redis

ROOT = Path(__file__).resolve().parents[2]
PG_DSN = "dbname=postgres user=postgres host=127.0.0.1 port=5432"
# Each run empties its own Redis database and PostgreSQL database; two runs on
# one machine need different ones (MOTOUKE_BROWSER_REDIS_DB, MOTOUKE_BROWSER_DB).
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('MOTOUKE_BROWSER_REDIS_DB', '13')}"
DATABASE = os.environ.get("MOTOUKE_BROWSER_DB", "motouke_browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(name: str) -> None:
    conn = psycopg2.connect(PG_DSN)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


class ProductionStack:
    def __init__(self, workdir: Path, database: str = DATABASE):
        self.workdir = workdir
        self.database = database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = workdir / "mail"
        self.logs = workdir / "logs"
        self.processes: dict[str, subprocess.Popen] = {}
        # Staff enrol an authenticator app at their first login (REQUIRE_MFA
        # is on in production); later logins type a code from its secret.
        self.totp_secrets: dict[str, str] = {}
        self.totp_steps: dict[str, int] = {}
        # One key for every process: a link the Celery worker signs (a
        # contact's set-password token) must check out in gunicorn.
        self.secret_key = secrets.token_urlsafe(50)

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "CELERY_", "PYTEST_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="enterprise.settings",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.database}",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # Plain http on loopback: the HTTPS switches stay off here only.
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            SECURE_HSTS_SECONDS="0",
            CELERY_BROKER_URL=REDIS_URL,
            # Rate limits and used TOTP codes, shared by the gunicorn workers.
            CACHE_URL=REDIS_URL,
            # filemail:// + "/abs/path" reads as a path relative to the
            # working directory: one more slash keeps it absolute.
            EMAIL_URL=f"filemail:///{self.mail_dir}",
            SITE_URL=self.url,
            # Workers sign up by themselves in the journey (issue 16).
            REGISTRATION_OPEN="true",
            MOTOUKE_VAR_DIR=str(self.workdir / "var"),
            MEDIA_ROOT=str(self.workdir / "media"),
            STATIC_ROOT=str(self.workdir / "static"),
            LOG_LEVEL="WARNING",
        )
        return env

    # -- life cycle -------------------------------------------------------
    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        recreate_database(self.database)
        redis.Redis.from_url(REDIS_URL).flushdb()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.spawn(
            "worker",
            "-m",
            "celery",
            "-A",
            "enterprise",
            "worker",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--hostname",
            f"browser-{self.port}@%h",
        )
        self.spawn(
            "beat",
            "-m",
            "celery",
            "-A",
            "enterprise",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(self.workdir / "beat-schedule"),
        )
        self.manage("seed_demo")
        self.spawn(
            "gunicorn",
            "-m",
            "gunicorn",
            "enterprise.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "3",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        )
        self.wait_until_serving()

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    # -- helpers ----------------------------------------------------------
    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def spawn(self, name: str, *args: str) -> None:
        log = (self.logs / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not serve within {timeout} s")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {process.returncode}:\n{self.log_tail(name)}"
                )

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def mails(self) -> list[Mail]:
        """Every message sent so far, oldest first (the file backend writes a
        file per connection, messages separated by a line of 79 dashes)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=os.path.getmtime):
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(Mail.parse(chunk.strip()))
        return found

    def wait_for_mail(self, to: str, subject_contains: str = "", timeout=60) -> Mail:
        """The newest message to ``to`` (sent by the Celery worker)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for mail in reversed(self.mails()):
                if to in mail.to and subject_contains in mail.subject:
                    return mail
            self.check_alive()
            time.sleep(0.5)
        raise AssertionError(f"no mail to {to} ({subject_contains!r}) in {timeout} s")


@dataclass
class Mail:
    to: str
    subject: str
    body: str

    @classmethod
    def parse(cls, raw: bytes) -> Mail:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        return cls(
            to=str(message["To"]),
            subject=str(message["Subject"]),
            body=part.get_content() if part else "",
        )

    def links(self) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", self.body)

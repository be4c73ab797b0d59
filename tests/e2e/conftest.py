"""Browser test harness: a real server on its own database, Chromium, axe-core.

One gunicorn server and one browser serve the whole session (the e2e tests share
the xdist group "e2e", so they all run in one worker); each test gets a fresh
browser context so cookies never leak between tests.

The server's database is prepared from scratch: a SQLite file in a temporary
directory, or, when ``CITYHALL_DATABASE_URL`` points at PostgreSQL, a separate
database ``<name>_e2e_<pid>`` that this fixture creates and drops.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from html_validation import served_html_session

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 60


@dataclass(frozen=True)
class E2EServer:
    base_url: str
    env: dict[str, str]

    def url(self, path: str) -> str:
        return self.base_url + path

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database; its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is not installed; browser tests need Debian's chromium."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_admin(url: str):
    """A connection to the server's maintenance database (autocommit)."""
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True)


def _with_database_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


#: One pass of the task worker over every queue (the e2e server has no worker).
WORKER_BATCH = [
    "db_worker",
    "--batch",
    "--queue-name",
    "*",
    "--no-startup-delay",
    "--no-reload",
]


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        out.write(f"$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed:\n{log.read_text()[-4000:]}",
            pytrace=False,
        )


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()[-4000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"server did not answer /healthz:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory) -> Iterator[E2EServer]:
    """A seeded Cityhall served by gunicorn on a free loopback port."""
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("e2e-data")
    log = data_dir / "server.log"
    env = {
        **os.environ,
        # The settings pytest runs with (pytest-django exports them).
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "config.settings"
        ),
        "CITYHALL_DATA_DIR": str(data_dir),
        "CITYHALL_DEBUG": "false",
        "CITYHALL_ENVIRONMENT": "embedded",
        "CITYHALL_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CITYHALL_EMAIL_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    source_url = os.environ.get("CITYHALL_DATABASE_URL", "")
    database_name = None
    if source_url:
        database_name = f"{urlsplit(source_url).path.lstrip('/')}_e2e_{os.getpid()}"
        with _postgres_admin(source_url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database_name}"')
            connection.execute(f'CREATE DATABASE "{database_name}"')
        env["CITYHALL_DATABASE_URL"] = _with_database_name(source_url, database_name)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["CITYHALL_BASE_URL"] = base_url
    process = None
    try:
        _run(["migrate", "--noinput"], env, log)
        _run(["createcachetable"], env, log)
        _run(["collectstatic", "--noinput", "--verbosity", "0"], env, log)
        _run(["seed_demo"], env, log)
        # The demo queues its own work (mail to the demo subscribers, open-data
        # refreshes); run it now, so that a test's ``mail_to`` only runs what
        # that test queued.
        _run(WORKER_BATCH, env, log)
        with log.open("a") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--worker-class",
                    "gthread",
                ],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_until_healthy(base_url, process, log)
        yield E2EServer(base_url=base_url, env=env)
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if database_name:
            with _postgres_admin(source_url) as connection:
                connection.execute(
                    f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)'
                )


@pytest.fixture(scope="session")
def browser(e2e_server):
    """One headless Chromium for the session (Debian's, never a download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_html(tmp_path_factory):
    """Every HTML document the server sends to the browser tests, checked with
    the Nu Html Checker when the session ends (html_validation.py)."""
    yield from served_html_session(tmp_path_factory.mktemp("served-html"))


@pytest.fixture
def page(served_html, browser, e2e_server, request):
    """A page in a fresh browser context (no cookies from other tests); the
    HTML it receives is kept for validation."""
    context = browser.new_context(
        base_url=e2e_server.base_url,
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    served_html.watch(browser_page, request.node.nodeid)
    yield browser_page
    context.close()


# --- accessibility and keyboard helpers ---------------------------------------------

#: WCAG 2.1 levels A and AA, the success criteria JIS X 8341-3:2016 AA maps to.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_report(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(_axe):
    """``assert_accessible(page)``: run axe-core (WCAG 2.1 A/AA) on the current
    page and fail with a readable list of violations."""

    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    def check(browser_page) -> None:
        # Colours are measured as drawn: let fade-ins (the console's messages)
        # finish first, or axe sees half-transparent text.
        with contextlib.suppress(PlaywrightTimeoutError):
            browser_page.wait_for_function(
                "() => document.getAnimations()"
                ".every(a => a.playState !== 'running' || a.effect?.getTiming()"
                ".iterations === Infinity)",
                timeout=5000,
            )
        results = _axe.run(
            browser_page,
            options={
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, f"{browser_page.url}\n{_axe_report(violations)}"

    return check


@pytest.fixture
def visit(assert_accessible):
    """``visit(page, path)``: open ``path``, expect 200, check accessibility."""

    def go(browser_page, path: str):
        response = browser_page.goto(path)
        assert response is not None and response.status == 200, (
            f"{path}: HTTP {response.status if response else 'no response'}"
        )
        assert_accessible(browser_page)
        return response

    return go


def _focused_matches(browser_page, selector: str) -> bool:
    return browser_page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def _tab_to(browser_page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus (proving it is
    reachable by keyboard); fail after ``limit`` presses."""
    for _ in range(limit):
        if _focused_matches(browser_page, selector):
            return
        browser_page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {limit} Tab presses")


@pytest.fixture
def tab_to():
    """``tab_to(page, selector)``: Tab until ``selector`` has focus, or fail."""
    return _tab_to


@pytest.fixture
def focused_matches():
    """``focused_matches(page, selector)``: does the focused element match?"""
    return _focused_matches


def _shift_tab_to(browser_page, selector: str, *, limit: int = 80) -> None:
    """Press Shift+Tab until the element matching ``selector`` has focus (for
    going back to an earlier field); fail after ``limit`` presses."""
    for _ in range(limit):
        if _focused_matches(browser_page, selector):
            return
        browser_page.keyboard.press("Shift+Tab")
    raise AssertionError(f"{selector} not reached with {limit} Shift+Tab presses")


@pytest.fixture
def shift_tab_to():
    """``shift_tab_to(page, selector)``: Shift+Tab until ``selector`` has focus."""
    return _shift_tab_to


# --- background tasks and mail --------------------------------------------------

#: What Django's file-based e-mail backend writes after each message.
_MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _mail_messages(mail_dir: Path) -> list:
    """Every message the file-based e-mail backend wrote under ``mail_dir``,
    oldest file first."""
    from email import message_from_bytes, policy

    messages = []
    if not mail_dir.is_dir():
        return messages
    files = [path for path in mail_dir.iterdir() if path.is_file()]
    # (Notice mail delivered without an SMTP server lies in mail/notices/.)
    for path in sorted(files, key=lambda p: (p.stat().st_mtime, p.name)):
        for chunk in path.read_bytes().split(_MAIL_SEPARATOR):
            if chunk.strip():
                messages.append(message_from_bytes(chunk, policy=policy.default))
    return messages


@pytest.fixture
def mail_to(e2e_server):
    """``mail_to(address)``: run the queued background tasks once (the e2e
    server has no worker), then return the plain-text bodies of the mails the
    file-based backend wrote to ``address``, oldest first."""
    mail_dir = Path(e2e_server.env["CITYHALL_DATA_DIR"]) / "mail"

    def read(address: str) -> list[str]:
        e2e_server.manage(*WORKER_BATCH)
        bodies = []
        for message in _mail_messages(mail_dir):
            recipients = message.get_all("To", [])
            if any(address.lower() in str(value).lower() for value in recipients):
                body = message.get_body(preferencelist=("plain",))
                bodies.append(body.get_content() if body else "")
        return bodies

    return read

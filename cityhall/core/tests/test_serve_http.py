"""A real gunicorn: a ``SCRIPT_NAME:`` request header never reaches the console.

gunicorn copies a ``SCRIPT_NAME`` header from 127.0.0.1 (any client behind a
local reverse proxy) into the WSGI environ. Two servers are started on one fresh
SQLite database: one exactly as ``manage.py serve`` starts it
(:func:`gunicorn_command`), one as ``docs/operations.md`` shows for production
(plain ``gunicorn config.wsgi:application``, gunicorn's defaults, so the header
is honoured and only ``config.wsgi`` stands in the way). Requests are sent raw
with :mod:`http.client`, header included.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from cityhall.core.management.commands.serve import (
    child_environment,
    gunicorn_command,
)

REPO = Path(__file__).resolve().parents[3]
EMAIL = "editor@city.example.jp"
PASSWORD = "nasu-highland-2024!"
START_SECONDS = 90

# Creates an enrolled staff member and prints a session cookie that holds the
# password alone (what Wagtail's own login form would have given).
_SETUP = f"""
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from cityhall.core.models import User
user = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r})
User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
TOTPDevice.objects.create(user=user, name="app", confirmed=True)
client = Client()
assert client.login(email={EMAIL!r}, password={PASSWORD!r})
print("SESSION=" + client.cookies["sessionid"].value)
"""


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    password_only_session: str

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(
                method, path, skip_host=True, skip_accept_encoding=True
            )
            all_headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            if body is not None:
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
                all_headers["Content-Length"] = str(len(body.encode()))
            for name, value in all_headers.items():
                connection.putheader(name, value)
            connection.endheaders(body.encode() if body is not None else None)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            cookies = SimpleCookie()
            for value in response.headers.get_all("Set-Cookie") or []:
                cookies.load(value)
            found = {key: morsel.value for key, morsel in cookies.items()}
            return (
                response.status,
                {"Location": response.headers.get("Location", ""), **found},
                text,
            )
        finally:
            connection.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stderr[-3000:]}"
    return result.stdout


def _wait_until_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/-/ping")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[dict[str, Server]]:
    """The serve-style and the plain gunicorn, on one prepared database."""
    data_dir = tmp_path_factory.mktemp("serve-http")
    env = {
        **child_environment(),
        "CITYHALL_DATA_DIR": str(data_dir),
        "CITYHALL_DEBUG": "false",
        "CITYHALL_ENVIRONMENT": "embedded",
        "CITYHALL_ALLOWED_HOSTS": "127.0.0.1",
        "CITYHALL_EMAIL_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CITYHALL_DATABASE_URL", None)  # its own SQLite file
    _manage(env, "migrate", "--noinput")
    _manage(env, "createcachetable")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    session = re.search(r"SESSION=(\S+)", _manage(env, "shell", "-c", _SETUP))
    assert session is not None
    commands = {}
    port = _free_port()
    commands["serve"] = (
        port,
        gunicorn_command(host="127.0.0.1", port=port, workers=1, threads=2),
    )
    port = _free_port()
    commands["plain"] = (
        port,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
    )
    processes = []
    try:
        started = {}
        for name, (port, command) in commands.items():
            log = data_dir / f"{name}.log"
            with log.open("w") as out:
                process = subprocess.Popen(  # noqa: S603 - fixed argument list
                    command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            processes.append(process)
            _wait_until_healthy(port, process, log)
            started[name] = Server(name, port, session.group(1))
        yield started
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


SHIFT = {"SCRIPT_NAME": "/x"}


@pytest.mark.parametrize("name", ["serve", "plain"])
def test_password_only_session_is_sent_to_the_code_step(servers, name):
    """Control: the session cookie is valid, and without a header the console
    sends it to the second factor."""
    server = servers[name]
    cookie = {"Cookie": f"sessionid={server.password_only_session}"}
    status, headers, _body = server.request("GET", "/admin/", headers=cookie)
    assert status == 302, _body[:3000]
    assert headers["Location"].startswith("/staff/login/verify/")


@pytest.mark.parametrize("name", ["serve", "plain"])
def test_script_name_header_does_not_open_the_dashboard(servers, name):
    """GET /x/admin/ with ``SCRIPT_NAME: /x`` and a password-only session is no
    dashboard (before the fix: 200)."""
    server = servers[name]
    headers = {**SHIFT, "Cookie": f"sessionid={server.password_only_session}"}
    status, _headers, body = server.request("GET", "/x/admin/", headers=headers)
    assert status == 404
    assert 'id="wagtail"' not in body


@pytest.mark.parametrize("name", ["serve", "plain"])
def test_script_name_header_does_not_serve_wagtails_login_form(servers, name):
    """GET /x/admin/login/ with ``SCRIPT_NAME: /x`` is not Wagtail's own login."""
    server = servers[name]
    status, _headers, body = server.request("GET", "/x/admin/login/", headers=SHIFT)
    assert status == 404
    assert 'name="username"' not in body


@pytest.mark.parametrize("name", ["serve", "plain"])
def test_password_posted_to_shifted_login_gives_no_console(servers, name):
    """The whole attack: the password posted to /x/admin/login/ with the header
    gives no session that opens /x/admin/ or /admin/."""
    server = servers[name]
    status, headers, body = server.request("GET", "/staff/login/")
    assert status == 200
    csrf_cookie = headers["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urlencode(
        {"csrfmiddlewaretoken": token, "username": EMAIL, "password": PASSWORD}
    )
    status, headers, _body = server.request(
        "POST",
        "/x/admin/login/",
        headers={**SHIFT, "Cookie": f"csrftoken={csrf_cookie}"},
        body=form,
    )
    assert status == 404
    session = headers.get("sessionid", "")
    cookie = f"csrftoken={csrf_cookie}; sessionid={session}"
    status, _headers, _body = server.request(
        "GET", "/x/admin/", headers={**SHIFT, "Cookie": cookie}
    )
    assert status == 404
    status, headers, _body = server.request(
        "GET", "/admin/", headers={"Cookie": cookie}
    )
    assert status == 302
    assert headers["Location"].startswith("/staff/login/")


def test_serve_passes_no_forwarder_headers_to_gunicorn():
    """``manage.py serve`` gives gunicorn an empty forwarder-header list, so
    gunicorn itself drops a SCRIPT_NAME header (underscored names are dropped)."""
    command = gunicorn_command(host="127.0.0.1", port=8000, workers=1, threads=1)
    index = command.index("--forwarder-headers")
    assert command[index + 1] == ""
    assert "config.wsgi:application" in command


def test_child_environment_has_no_script_name(monkeypatch):
    """A SCRIPT_NAME in serve's own environment is not passed to gunicorn."""
    monkeypatch.setenv("SCRIPT_NAME", "/x")
    assert "SCRIPT_NAME" not in child_environment()
    assert os.environ["SCRIPT_NAME"] == "/x"

"""The body limit over real HTTP, through gunicorn as production runs it.

The Django test client cannot send a chunked body; gunicorn decodes one and
marks its input as terminated, which is what the middleware relies on. The
requests here are refused (or answered) before any view touches the database,
so the server runs on an empty data directory with only the cache table.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[3]
START_SECONDS = 60
MB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn serving Cityhall on a free loopback port."""
    data_dir = tmp_path_factory.mktemp("limits-http")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CITYHALL_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        CITYHALL_DATA_DIR=str(data_dir),
        CITYHALL_ALLOWED_HOSTS="127.0.0.1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
            *("--worker-class", "gthread", "--threads", "2"),
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ping", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.name}")
                time.sleep(0.25)
        yield ("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _status(sock: socket.socket) -> int:
    """The status code of the response arriving on ``sock``."""
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def _send_until_answered(sock: socket.socket, pieces) -> tuple[int, int]:
    """Send ``pieces`` until the server answers; (status, bytes sent)."""
    sent = 0
    for piece in pieces:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            break
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(piece)
    return _status(sock), sent


def test_huge_declared_upload_is_answered_before_it_is_sent(server):
    """A 300 MB multipart sign-in POST gets 413 while the client has sent
    only its headers: the server did not wait for the body."""
    with socket.create_connection(server, timeout=30) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            + f"Content-Length: {300 * MB}\r\n\r\n".encode()
            + b'--b\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n'
        )
        assert _status(sock) == 413


def test_chunked_body_is_cut_off_at_the_limit(server):
    """A chunked body without Content-Length is answered 413 once it passes the
    limit, long before the client's 300 MB are sent."""
    piece = b"x" * (64 * 1024)
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    with socket.create_connection(server, timeout=30) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        status, sent = _send_until_answered(sock, [chunk] * (300 * MB // len(piece)))
    assert status == 413
    assert sent < settings.CITYHALL_REQUEST_BODY_MAX_BYTES + 16 * MB


def test_small_chunked_body_is_read_and_handed_on(server):
    """A chunked body under the limit reaches Django whole: the CSRF token in
    it matches the cookie, so CSRF lets the post through to the view, which
    only takes GET (405). Without the body CSRF would refuse it with 403."""
    token = "a" * 32
    body = f"csrfmiddlewaretoken={token}".encode()
    with socket.create_connection(server, timeout=30) as sock:
        sock.sendall(
            b"POST /-/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Cookie: csrftoken={token}\r\n".encode()
            + b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
            + f"{len(body):x}\r\n".encode()
            + body
            + b"\r\n0\r\n\r\n"
        )
        assert _status(sock) == 405

"""Local HTTP servers that behave like LINE, X and the Graph API for the tests.

Each checks every request the way the real service does (path, method, auth
header, content type, body shape, size limits) and answers with the real
service's status codes and bodies; a test can also queue answers (429, 500…).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cityhall.notices.channels.x import weighted_length

DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int
    body: dict | None = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeService:
    """A service on 127.0.0.1; ``url`` is its base address."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.queued: list[Answer] = []
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorded = Recorded(
                    "POST",
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with service.lock:
                    service.requests.append(recorded)
                    queued = service.queued.pop(0) if service.queued else None
                answer = queued or service.handle(recorded)
                payload = json.dumps(answer.body or {}).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: Recorded) -> Answer:
        raise NotImplementedError


class FakeLine(FakeService):
    """Messaging API: broadcast and multicast with retry keys."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.accepted: dict[str, str] = {}
        self.delivered: list[dict] = []

    def handle(self, request: Recorded) -> Answer:
        if request.path not in (
            "/v2/bot/message/broadcast",
            "/v2/bot/message/multicast",
        ):
            return Answer(404, {"message": "Not found"})
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Answer(401, {"message": "Authentication failed."})
        if not request.headers.get("content-type", "").startswith("application/json"):
            return Answer(415, {"message": "Unsupported media type"})
        key = request.headers.get("x-line-retry-key", "")
        if key and not _UUID.match(key):
            return Answer(400, {"message": "The retry key is invalid"})
        body = json.loads(request.body)
        messages = body.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return Answer(400, {"message": "The request body has 1 error(s)"})
        for message in messages:
            if set(message) != {"type", "text"} or message["type"] != "text":
                return Answer(400, {"message": "Invalid message"})
            if len(message["text"].encode("utf-16-le")) // 2 > 5000:
                return Answer(400, {"message": "Length must be between 0 and 5000"})
        if request.path.endswith("multicast"):
            to = body.get("to")
            if not isinstance(to, list) or not 1 <= len(to) <= 500:
                return Answer(400, {"message": "Size must be between 1 and 500"})
        elif set(body) - {"messages", "notificationDisabled"}:
            return Answer(400, {"message": "Unknown field"})
        if key in self.accepted:
            return Answer(
                409,
                {"message": "The retry key is already accepted"},
                {"x-line-accepted-request-id": self.accepted[key]},
            )
        request_id = str(uuid.uuid4())
        if key:
            self.accepted[key] = request_id
        self.delivered.append(body)
        return Answer(200, {}, {"x-line-request-id": request_id})


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="-._~")


class FakeX(FakeService):
    """API v2 POST /2/tweets, checking OAuth 1.0a signatures or a bearer token."""

    def __init__(
        self,
        *,
        consumer_key: str = "",
        consumer_secret: str = "",
        token: str = "",
        token_secret: str = "",
        bearer: str = "",
    ) -> None:
        super().__init__()
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.token = token
        self.token_secret = token_secret
        self.bearer = bearer
        self.posts: list[str] = []

    def _signature_valid(self, request: Recorded) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("OAuth "):
            return False
        params = {
            k: urllib.parse.unquote(v)
            for k, v in re.findall(r'(\w+)="([^"]*)"', header[len("OAuth ") :])
        }
        signature = params.pop("oauth_signature", "")
        if params.get("oauth_consumer_key") != self.consumer_key:
            return False
        if params.get("oauth_token") != self.token:
            return False
        url = f"{self.url}{request.path}"
        pairs = sorted((_quote(k), _quote(v)) for k, v in params.items())
        normalized = "&".join(f"{k}={v}" for k, v in pairs)
        base = "&".join(("POST", _quote(url), _quote(normalized)))
        key = f"{_quote(self.consumer_secret)}&{_quote(self.token_secret)}"
        expected = base64.b64encode(
            hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
        ).decode()
        return hmac.compare_digest(expected, signature)

    def handle(self, request: Recorded) -> Answer:
        if request.path != "/2/tweets":
            return Answer(404, {"title": "Not Found Error"})
        if self.bearer:
            authorised = request.headers.get("authorization") == f"Bearer {self.bearer}"
        else:
            authorised = self._signature_valid(request)
        if not authorised:
            return Answer(401, {"title": "Unauthorized", "status": 401})
        if not request.headers.get("content-type", "").startswith("application/json"):
            return Answer(400, {"title": "Invalid Request"})
        body = json.loads(request.body)
        text = body.get("text", "")
        if set(body) != {"text"} or not text or weighted_length(text) > 280:
            return Answer(
                400,
                {"title": "Invalid Request", "detail": "text too long", "status": 400},
            )
        if text in self.posts:
            return Answer(
                403,
                {"detail": DUPLICATE},
            )
        self.posts.append(text)
        return Answer(
            201, {"data": {"id": str(1_800_000_000 + len(self.posts)), "text": text}}
        )


class FakeGraph(FakeService):
    """Graph API POST /{page-id}/feed with a page access token."""

    def __init__(self, page_id: str, token: str) -> None:
        super().__init__()
        self.page_id = page_id
        self.token = token
        self.posts: list[dict[str, str]] = []

    def handle(self, request: Recorded) -> Answer:
        if request.path != f"/{self.page_id}/feed":
            return Answer(
                400, _graph_error(803, "Some of the aliases you requested do not exist")
            )
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Answer(400, _graph_error(190, "Invalid OAuth access token."))
        if request.headers.get("content-type") != "application/x-www-form-urlencoded":
            return Answer(400, _graph_error(100, "Invalid parameter"))
        fields = dict(urllib.parse.parse_qsl(request.body.decode("ascii")))
        if not fields.get("message") or len(fields["message"]) > 63206:
            return Answer(400, _graph_error(100, "Invalid parameter"))
        if set(fields) - {"message", "link"}:
            return Answer(400, _graph_error(100, "Invalid parameter"))
        self.posts.append(fields)
        return Answer(200, {"id": f"{self.page_id}_{len(self.posts)}"})


def _graph_error(code: int, message: str, *, transient: bool = False) -> dict:
    return {
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "is_transient": transient,
            "fbtrace_id": "AbCdEf",
        }
    }

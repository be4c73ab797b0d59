"""A local stand-in for Stripe's API on 127.0.0.1, for tests without network.

It checks the shape of every request the official library sends (path, bearer
secret key, form-encoded body, idempotency key) and answers as Stripe does,
including Stripe's idempotency: a repeated key gets the first answer back and
creates nothing. ``problems`` lists every request that was not as expected.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


class FakeStripe:
    """Stripe's PaymentIntent and Refund endpoints, in memory."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self._answers: dict[str, tuple[int, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                status, body = fake.handle("GET", self.path, self.headers, b"")
                self._answer(status, body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body = fake.handle("POST", self.path, self.headers, raw)
                self._answer(status, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStripe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _error(self, status: int, message: str) -> tuple[int, dict[str, Any]]:
        self.problems.append(message)
        return status, {"error": {"type": "invalid_request_error", "message": message}}

    def handle(
        self, method: str, path: str, headers: Any, raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        with self._lock:
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            self.requests.append(
                {
                    "method": method,
                    "path": path,
                    "form": form,
                    "idempotency_key": headers.get("Idempotency-Key"),
                }
            )
            if not (headers.get("Authorization") or "").startswith("Bearer sk_test_"):
                return self._error(401, "missing or wrong secret key")
            if method == "GET" and path.startswith("/v1/payment_intents/"):
                intent = self.intents.get(path.rsplit("/", 1)[1])
                if intent is None:
                    return self._error(404, "no such payment_intent")
                return 200, intent
            if method != "POST":
                return self._error(404, f"unexpected {method} {path}")
            if headers.get("Content-Type") != "application/x-www-form-urlencoded":
                return self._error(400, "body is not form-encoded")
            key = headers.get("Idempotency-Key")
            if not key:
                return self._error(400, "no Idempotency-Key")
            if key in self._answers:
                return self._answers[key]
            if path == "/v1/payment_intents":
                answer = self._intent_create(form)
            elif path.startswith("/v1/payment_intents/") and path.endswith("/cancel"):
                answer = self._intent_cancel(path.split("/")[3])
            elif path == "/v1/refunds":
                answer = self._refund_create(form)
            else:
                return self._error(404, f"unexpected POST {path}")
            self._answers[key] = answer
            return answer

    def _intent_create(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("currency") != "jpy":
            return self._error(400, "currency is not jpy")
        if not form.get("amount", "").isdigit():
            return self._error(400, "amount is not an integer")
        if form.get("allowed_payment_method_types[0]") != "card":
            return self._error(400, "payment method is not card")
        if not form.get("metadata[cityhall_payment]"):
            return self._error(400, "no payment id in metadata")
        intent_id = f"pi_{len(self.intents) + 1}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "currency": "jpy",
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_test",
            "metadata": {
                k[len("metadata[") : -1]: v
                for k, v in form.items()
                if k.startswith("metadata[")
            },
        }
        self.intents[intent_id] = intent
        return 200, intent

    def _intent_cancel(self, intent_id: str) -> tuple[int, dict[str, Any]]:
        intent = self.intents.get(intent_id)
        if intent is None:
            return self._error(404, "no such payment_intent")
        if intent["status"] in ("succeeded", "processing", "canceled"):
            # Stripe's answer, not a malformed request: not a problem.
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "code": "payment_intent_unexpected_state",
                    "message": f"status is {intent['status']}",
                }
            }
        intent["status"] = "canceled"
        return 200, intent

    def _refund_create(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        intent = self.intents.get(form.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            return self._error(400, "refund of an intent that did not succeed")
        if not form.get("amount", "").isdigit():
            return self._error(400, "amount is not an integer")
        refund_id = f"re_{len(self.refunds) + 1}"
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": int(form["amount"]),
            "payment_intent": intent["id"],
            "status": "succeeded",
        }
        self.refunds[refund_id] = refund
        return 200, refund

    def created(self, path: str) -> int:
        """How many objects POSTs to ``path`` created (not idempotent replays)."""
        return len(self.intents if path == "/v1/payment_intents" else self.refunds)

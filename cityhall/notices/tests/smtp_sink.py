"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts.

``refuse`` maps a recipient address to an SMTP reply given at RCPT (e.g.
"550 5.1.1 no such user" or "451 4.3.0 try later"). Each accepted message is
kept with its envelope and counted per recipient; ``sessions`` counts SMTP
connections and ``max_recipients_per_session`` the most recipients one
connection carried.
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SinkHandler:
    refuse: dict[str, str] = field(default_factory=dict)
    messages: list[Received] = field(default_factory=list)
    per_recipient: Counter[str] = field(default_factory=Counter)
    session_recipients: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_data: Any = None  # callable(envelope) -> str | None, a reply to give instead

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        reply = self.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.on_data is not None:
            reply = self.on_data(envelope)
            if reply:
                return reply
        with self.lock:
            self.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
            for rcpt in envelope.rcpt_tos:
                self.per_recipient[rcpt] += 1
            key = id(session)
            self.session_recipients[key] = self.session_recipients.get(key, 0) + len(
                envelope.rcpt_tos
            )
        return "250 Message accepted for delivery"

    @property
    def max_recipients_per_session(self) -> int:
        return max(self.session_recipients.values(), default=0)


class Sink:
    def __init__(self, handler: SinkHandler | None = None) -> None:
        self.handler = handler or SinkHandler()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self._port = probe.getsockname()[1]
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self._port,
            data_size_limit=10_000_000,
        )

    def start(self) -> Sink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

"""Where notice mail is handed off: an SMTP server, or files when embedded.

One :class:`SmtpSession` is one SMTP connection used for one batch (at most
``CITYHALL_NOTICES_SESSION_RECIPIENTS`` recipients, one receiving domain group).
Each message is its own MAIL/RCPT/DATA transaction, so a refusal of one
recipient says exactly which delivery failed.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlparse

from django.conf import settings


@dataclass(frozen=True)
class SendResult:
    """``ok``: accepted; otherwise ``permanent`` (5xx) or temporary (4xx, I/O)."""

    ok: bool
    permanent: bool = False
    code: int = 0
    error: str = ""
    connection_lost: bool = False


class SmtpSession:
    """An SMTP connection to the server of ``CITYHALL_NOTICES_SMTP_URL``."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        options = parse_qs(parsed.query)
        self.host = parsed.hostname or "localhost"
        self.port = parsed.port or (465 if parsed.scheme == "smtps" else 25)
        self.user = unquote(parsed.username or "")
        self.password = unquote(parsed.password or "")
        self.use_ssl = parsed.scheme == "smtps"
        self.use_tls = parsed.scheme == "submission" or "tls" in options
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        if self.use_ssl:
            self.smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=30, context=ssl.create_default_context()
            )
        else:
            self.smtp = smtplib.SMTP(self.host, self.port, timeout=30)
        self.smtp.ehlo()
        if self.use_tls:
            self.smtp.starttls(context=ssl.create_default_context())
            self.smtp.ehlo()
        if self.user:
            self.smtp.login(self.user, self.password)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()

    def send(self, *, sender: str, recipient: str, raw: bytes) -> SendResult:
        """One MAIL/RCPT/DATA transaction for one recipient.

        Written with smtplib's command primitives rather than ``sendmail``:
        our messages are ASCII with CRLF line ends already (compose.py), the
        addresses plain, so ``sendmail``'s address parsing, line-end rewriting
        and extension negotiation per message were pure overhead (about 40 %
        of the client's CPU per message). A refusal is answered with RSET so
        the session can carry on; a 421 (server closing) counts as a lost
        connection.
        """
        smtp = self.smtp
        assert smtp is not None
        try:
            code, message = smtp.docmd("MAIL", f"FROM:<{sender}>")
            if code != 250:
                return self._refused(code, message)
            code, message = smtp.docmd("RCPT", f"TO:<{recipient}>")
            if code not in (250, 251):
                return self._refused(code, message)
            code, message = smtp.docmd("DATA")
            if code != 354:
                return self._refused(code, message)
            if raw.startswith(b".") or b"\n." in raw:
                raw = _dot_stuff(raw)
            if not raw.endswith(b"\r\n"):
                raw += b"\r\n"
            smtp.send(raw + b".\r\n")
            code, message = smtp.getreply()
            if code != 250:
                return self._refused(code, message)
        except (smtplib.SMTPException, OSError) as error:
            return SendResult(ok=False, error=str(error)[:300], connection_lost=True)
        return SendResult(ok=True, code=250)

    def _refused(self, code: int, message: bytes) -> SendResult:
        if code == 421 or code == -1:
            # The server is closing the session: the rest waits for a new one.
            return SendResult(
                ok=False, code=code, error=_text(message), connection_lost=True
            )
        assert self.smtp is not None
        try:
            self.smtp.rset()
        except (smtplib.SMTPException, OSError) as error:
            return SendResult(
                ok=False,
                permanent=code >= 500,
                code=code,
                error=f"{_text(message)}; {error}"[:300],
                connection_lost=True,
            )
        return SendResult(
            ok=False, permanent=code >= 500, code=code, error=_text(message)
        )


class FileSession:
    """Embedded default without an SMTP server: each message becomes a file
    under ``DATA_DIR/mail/notices`` (like Django's file mail backend)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def __enter__(self) -> FileSession:
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def send(self, *, sender: str, recipient: str, raw: bytes) -> SendResult:
        name = f"{recipient.replace('/', '_')}-{abs(hash(raw)):x}.eml"
        (self.directory / name).write_bytes(raw)
        return SendResult(ok=True, code=250)


def _dot_stuff(raw: bytes) -> bytes:
    """RFC 5321 transparency: a line that starts with a period gets another."""
    lines = raw.split(b"\r\n")
    return b"\r\n".join(
        b"." + line if line.startswith(b".") else line for line in lines
    )


def _text(message: bytes | str) -> str:
    if isinstance(message, bytes):
        return message.decode("utf-8", "replace")[:300]
    return str(message)[:300]


def session_open() -> SmtpSession | FileSession:
    """A session to the configured server (not yet connected)."""
    url = settings.CITYHALL_NOTICES_SMTP_URL
    if url.startswith(("smtp://", "smtps://", "submission://")):
        return SmtpSession(url)
    return FileSession(Path(settings.DATA_DIR) / "mail" / "notices")

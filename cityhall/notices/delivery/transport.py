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
        assert self.smtp is not None
        try:
            self.smtp.sendmail(sender, [recipient], raw)
        except smtplib.SMTPRecipientsRefused as error:
            code, message = next(iter(error.recipients.values()))
            return SendResult(
                ok=False, permanent=code >= 500, code=code, error=_text(message)
            )
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            return SendResult(
                ok=False,
                permanent=error.smtp_code >= 500,
                code=error.smtp_code,
                error=_text(error.smtp_error),
            )
        except (smtplib.SMTPException, OSError) as error:
            return SendResult(ok=False, error=str(error)[:300], connection_lost=True)
        return SendResult(ok=True, code=250)


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

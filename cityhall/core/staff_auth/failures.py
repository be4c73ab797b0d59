"""Failed sign-ins leave a trace: one audit record and one log line each.

Security staff need to see password guessing, code guessing and probing of the
staff console while it happens, so every refusal on the sign-in pages and at the
console's door is recorded through the audit trail (:func:`audit_log`) and
logged on the ``cityhall.security`` logger. Neither ever contains what was typed
as the secret (password or code): only the kind of failure, the account name
that was typed, the page and the client address.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import AuditRecord
from cityhall.core.services.audit import audit_log

logger = logging.getLogger("cityhall.security")

#: The audit action of every failed sign-in; ``data["kind"]`` says which.
SIGN_IN_FAILURE_ACTION = "sign_in.failure"
#: Typed account names are cut to the longest e-mail address a form accepts.
_ACCOUNT_MAX = 254


class SignInFailureKind(models.TextChoices):
    """Why a sign-in or a visit to the staff console was refused."""

    WRONG_PASSWORD = "wrong_password", _("Wrong e-mail address or password")
    WRONG_CODE = "wrong_code", _("Wrong second-factor code")
    THROTTLED = "throttled", _("Refused: too many attempts")
    CONSOLE_REFUSED = "console_refused", _("Staff console refused")


class SignInPage(models.TextChoices):
    """Where the failure happened."""

    STAFF = "staff", _("Staff sign-in")
    RESIDENT = "resident", _("Resident sign-in")
    CONSOLE = "console", _("Staff console")


def sign_in_failure_record(
    *,
    kind: SignInFailureKind,
    page: SignInPage,
    account: str,
    source_ip: str,
    user: Any | None = None,
) -> AuditRecord:
    """Audit and log one refused sign-in (or console visit).

    ``account`` is the e-mail address as typed (an account that does not exist
    is recorded as well: that is what guessing looks like); ``user`` is the
    account when it is known (second factor, console). Never pass a password or
    a code.
    """
    account = account[:_ACCOUNT_MAX]
    logger.warning(
        "sign-in failure: kind=%s page=%s account=%r source=%s",
        kind.value,
        page.value,
        account,
        source_ip or "-",
    )
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return audit_log(
        # Only a signed-in user (refused at the console) is the actor; for a
        # failure before sign-in the account is the target, not the one acting.
        actor=user if signed_in and kind == SignInFailureKind.CONSOLE_REFUSED else None,
        action=SIGN_IN_FAILURE_ACTION,
        target=user,
        data={"kind": kind.value, "page": page.value, "account": account},
        source_ip=source_ip or None,
    )

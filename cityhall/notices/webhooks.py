"""The bounce webhook: a mail relay POSTs each DSN or ARF report it receives.

Authentication: the header ``Authorization: Bearer <secret>`` with
``CITYHALL_NOTICES_BOUNCE_WEBHOOK_SECRET``, compared in constant time. The
body is the raw report mail (``message/rfc822``). Answers 204 when recorded
(also for a mail that is no report: retrying would not help), 401 for a wrong
secret, 404 when the webhook is off.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cityhall.notices.services.bounces import report_mail_process


@csrf_exempt
@require_POST
def bounce_webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.CITYHALL_NOTICES_BOUNCE_WEBHOOK_SECRET
    if not secret:
        return HttpResponse(status=404)
    given = request.headers.get("Authorization", "")
    if not constant_time_compare(given.encode(), f"Bearer {secret}".encode()):
        return HttpResponse(status=401)
    recorded = report_mail_process(raw=request.body)
    response = HttpResponse(status=204)
    response["X-Reports-Recorded"] = str(recorded)
    return response

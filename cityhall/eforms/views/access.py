"""Finding the draft or submission a request may see (404 otherwise)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from cityhall.eforms import selectors
from cityhall.eforms.models import Draft, Submission

GUEST_DRAFTS = "eforms_guest_drafts"
GUEST_SUBMISSIONS = "eforms_guest_submissions"


def session_remember(request: HttpRequest, key: str, public_id: uuid.UUID) -> None:
    """Remember in the session that this browser may open ``public_id``."""
    values = list(request.session.get(key, []))
    if str(public_id) not in values:
        values.append(str(public_id))
    request.session[key] = values[-20:]


def draft_for_request(request: HttpRequest, public_id: uuid.UUID) -> Draft:
    """The requester's draft: their own (signed in) or one whose mailed link
    was opened in this browser (guest); 404 for anything else."""
    if request.user.is_authenticated:
        draft = selectors.draft_get_for_user(user=request.user, public_id=public_id)
    else:
        draft = selectors.draft_get_for_guest(
            public_id=public_id, opened=request.session.get(GUEST_DRAFTS, [])
        )
    if draft is None:
        raise Http404
    return draft


def submission_for_request(request: HttpRequest, public_id: uuid.UUID) -> Submission:
    """The requester's submission (own, or made in this guest session); 404 else."""
    if request.user.is_authenticated:
        found = selectors.submission_get_for_user(
            user=request.user, public_id=public_id
        )
    else:
        found = selectors.submission_get_for_guest(
            public_id=public_id, submitted=request.session.get(GUEST_SUBMISSIONS, [])
        )
    if found is None:
        raise Http404
    return found

"""Writes of mail subscriptions (メール配信登録): sign-up with double opt-in,
changes through a signed link, one-click leaving, residents' own subscription,
and purging unconfirmed sign-ups.

Mail leaves through tasks enqueued after commit. The answer to a sign-up is the
same whatever the address's state, so nobody learns who subscribes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import District, User
from cityhall.notices.errors import SubscriptionError, SubscriptionLinkError
from cityhall.notices.models import EASY_JAPANESE, Subscriber, SuppressedAddress
from cityhall.notices.services import links
from cityhall.website.models import NewsCategory

logger = logging.getLogger(__name__)

#: Unconfirmed subscriptions are deleted after this long.
UNCONFIRMED_RETENTION = dt.timedelta(days=7)


def subscriber_languages() -> list[str]:
    """Codes a subscriber may choose: the site languages plus easy Japanese."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [codes[0], EASY_JAPANESE, *codes[1:]]


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    local, _at, domain = email.rpartition("@")
    if not local or not domain or " " in email:
        raise SubscriptionError(
            _("Enter a valid e-mail address."), code="invalid_email"
        )
    return f"{local}@{domain.lower()}"


def _choices(
    *, language: str, category_keys: Iterable[str], district_ids: Iterable[int]
) -> tuple[list[NewsCategory], list[District]]:
    if language not in subscriber_languages():
        raise SubscriptionError(_("Choose a language from the list."), code="language")
    keys = {str(key) for key in category_keys}
    categories = list(
        NewsCategory.objects.filter(
            translation_key__in=keys, locale__language_code=settings.LANGUAGE_CODE
        )
    )
    if len(categories) != len(keys):
        raise SubscriptionError(
            _("Choose categories from the list."), code="unknown_category"
        )
    ids = {int(pk) for pk in district_ids}
    districts = list(District.objects.filter(pk__in=ids))
    if len(districts) != len(ids):
        raise SubscriptionError(
            _("Choose districts from the list."), code="unknown_district"
        )
    return categories, districts


def _enqueue(task_name: str, subscriber_id: int) -> None:
    from cityhall.notices import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(subscriber_id))


def subscription_request(
    *,
    email: str,
    language: str,
    category_keys: Iterable[str],
    district_ids: Iterable[int],
) -> None:
    """Ask for a subscription (登録申込). Returns nothing on purpose.

    * new address, pending or unsubscribed: the choices are saved, the
      subscription waits for confirmation, a confirmation link is mailed
      (older links stop working);
    * already active: its owner is mailed their "change your subscription"
      link, nothing is changed (a stranger cannot alter someone's choices).

    Raises :class:`SubscriptionError` for invalid input (nothing changes).
    """
    address = _clean_email(email)
    categories, districts = _choices(
        language=language, category_keys=category_keys, district_ids=district_ids
    )
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(email__iexact=address).first()
        )
        if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
            _enqueue("subscription_exists_mail_send", subscriber.pk)
            return
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=address,
                        domain=address.rpartition("@")[2],
                        language=language,
                    )
            except IntegrityError:
                logger.info("subscription request: concurrent duplicate ignored")
                return
        else:
            subscriber.language = language
            subscriber.status = Subscriber.Status.PENDING
            subscriber.link_version = F("link_version") + 1
            subscriber.save(update_fields=["language", "status", "link_version"])
            subscriber.refresh_from_db(fields=["link_version"])
        subscriber.categories.set(categories)
        subscriber.districts.set(districts)
        _enqueue("subscription_confirm_mail_send", subscriber.pk)


def subscriber_for_confirm_token(token: str) -> Subscriber:
    """The subscriber a confirmation link names, if the link is still valid."""
    try:
        public_id, version = links.confirm_token_read(token)
    except signing.SignatureExpired as error:
        raise SubscriptionLinkError(
            _("This confirmation link has expired. Please subscribe again."),
            code="link_expired",
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise SubscriptionLinkError(
            _("This link is not valid."), code="link_invalid"
        ) from error
    subscriber = Subscriber.objects.filter(
        public_id=public_id, link_version=version
    ).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        raise SubscriptionLinkError(_("This link is not valid."), code="link_invalid")
    return subscriber


def subscription_confirm(*, token: str) -> Subscriber:
    """Use the double opt-in link: the subscription becomes active, and a
    suppression of the address is lifted (the mailbox evidently works).
    Using the link again changes nothing."""
    with transaction.atomic():
        subscriber = subscriber_for_confirm_token(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.ACTIVE:
            subscriber.status = Subscriber.Status.ACTIVE
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
            SuppressedAddress.objects.filter(email__iexact=subscriber.email).delete()
            logger.info("subscription %s confirmed", subscriber.public_id)
    return subscriber


def subscriber_for_manage_link(public_id: str, token: str) -> Subscriber:
    """The subscriber of a manage link; the token must be that subscriber's."""
    if not links.token_matches(links.manage_token(str(public_id)), token):
        raise SubscriptionLinkError(_("This link is not valid."), code="link_invalid")
    subscriber = (
        Subscriber.objects.filter(public_id=public_id)
        .prefetch_related("categories", "districts")
        .first()
    )
    if subscriber is None:
        raise SubscriptionLinkError(_("This link is not valid."), code="link_invalid")
    return subscriber


def subscription_update(
    *,
    subscriber: Subscriber,
    language: str,
    category_keys: Iterable[str],
    district_ids: Iterable[int],
) -> Subscriber:
    """Change a subscription's language, categories and districts."""
    categories, districts = _choices(
        language=language, category_keys=category_keys, district_ids=district_ids
    )
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
        subscriber.language = language
        subscriber.categories.set(categories)
        subscriber.districts.set(districts)
    return subscriber


def subscription_unsubscribe(*, subscriber: Subscriber) -> None:
    """End a subscription (配信停止); doing it twice is harmless. Queued
    deliveries to the address are skipped (they check the status)."""
    updated = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(
            status=Subscriber.Status.UNSUBSCRIBED,
            unsubscribed_at=timezone.now(),
            link_version=F("link_version") + 1,
        )
    )
    if updated:
        logger.info("subscription %s ended", subscriber.public_id)


def subscription_unsubscribe_by_link(*, public_id: str, token: str) -> bool:
    """The RFC 8058 one-click unsubscribe: ``False`` for a forged token."""
    if not links.token_matches(links.unsubscribe_token(str(public_id)), token):
        return False
    subscriber = Subscriber.objects.filter(public_id=public_id).first()
    if subscriber is None:
        return False
    subscription_unsubscribe(subscriber=subscriber)
    return True


def resident_subscription_save(
    *,
    user: User,
    language: str,
    category_keys: Iterable[str],
    district_ids: Iterable[int],
) -> Subscriber:
    """A signed-in resident's own subscription, at their verified address.

    No double opt-in: the account's address was verified at sign-up.
    """
    if not user.is_authenticated or user.is_staff or user.email_verified_at is None:
        raise SubscriptionError(
            _("Only residents with a verified address can subscribe here."),
            code="permission_denied",
            status=403,
        )
    categories, districts = _choices(
        language=language, category_keys=category_keys, district_ids=district_ids
    )
    address = _clean_email(user.email)
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(user=user).first()
            or Subscriber.objects.select_for_update()
            .filter(email__iexact=address)
            .first()
        )
        if subscriber is None:
            subscriber = Subscriber(email=address, domain=address.rpartition("@")[2])
        subscriber.user = user
        subscriber.email = address
        subscriber.domain = address.rpartition("@")[2]
        subscriber.language = language
        if subscriber.status != Subscriber.Status.ACTIVE:
            subscriber.status = Subscriber.Status.ACTIVE
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
        subscriber.save()
        subscriber.categories.set(categories)
        subscriber.districts.set(districts)
        SuppressedAddress.objects.filter(email__iexact=address).delete()
    return subscriber


def resident_subscription_erase(user: User) -> None:
    """Resident-data eraser: the account's subscription goes with the account."""
    Subscriber.objects.filter(user=user).delete()


def subscriptions_unconfirmed_purge(*, now: dt.datetime | None = None) -> int:
    """Delete subscriptions never confirmed within 7 days; returns how many."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_RETENTION
    _total, detail = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        confirmed_at__isnull=True,
        created_at__lt=cutoff,
    ).delete()
    deleted = detail.get(Subscriber._meta.label, 0)
    if deleted:
        logger.info("purged %d unconfirmed subscriptions", deleted)
    return deleted

"""Writes: draft a language version of a notice by machine, mark it reviewed."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.edit_translation import apply_machine_translation

from cityhall.notices.machine_translation.backends import (
    MachineTranslationError,
    machine_translator,
)
from cityhall.website.models import MachineTranslation, NewsPage
from cityhall.website.page_cache import content_generation_bump

logger = logging.getLogger(__name__)


def notice_machine_translation_draft(
    *, page_id: int, language_code: str, user: Any, publish: bool = False
) -> NewsPage:
    """Draft the ``language_code`` version of a notice with the configured
    engine (``CITYHALL_MACHINE_TRANSLATION``) through wagtail-localize.

    Strings a person already translated are kept; the rest come from the
    engine. The version is saved as a draft (published with ``publish``, e.g.
    in an emergency) and marked "machine translated" until someone reviews it.
    Raises ``MachineTranslationError`` when no engine is configured, the
    language is not supported or the engine fails; nothing is changed then.
    """
    engine = machine_translator()
    if engine is None:
        raise MachineTranslationError(
            _("Machine translation is not configured."),
            code="machine_translation_off",
            status=400,
        )
    page = NewsPage.objects.select_related("locale").get(pk=page_id)
    locale = Locale.objects.filter(language_code=language_code).first()
    if (
        locale is None
        or page.locale.language_code != settings.LANGUAGE_CODE
        or not engine.can_translate(page.locale, locale)
    ):
        raise MachineTranslationError(
            _("This language cannot be translated by machine."),
            code="language_not_supported",
            status=400,
        )
    with transaction.atomic():
        source, created = TranslationSource.get_or_create_from_instance(page)
        if not created:
            source.update_from_db()
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        # The target page must exist before wagtail-localize fills its strings.
        source.create_or_update_translation(
            locale, user=user, publish=False, copy_parent_pages=True, fallback=True
        )
        apply_machine_translation(translation.id, user, engine)
        translation.save_target(user=user, publish=publish)
        target = NewsPage.objects.get(
            translation_key=page.translation_key, locale=locale
        )
        if publish and not target.live:
            target.get_latest_revision().publish(user=user)
            target.refresh_from_db()
        MachineTranslation.objects.update_or_create(
            page=target,
            defaults={
                "engine": engine.display_name,
                "reviewed_at": None,
                "reviewed_by": None,
            },
        )
        content_generation_bump()
    logger.info(
        "notice %s machine-translated into %s by %s", page.pk, language_code, engine
    )
    return target


@transaction.atomic
def notice_machine_translation_review(*, page_id: int, user: Any) -> None:
    """A person has checked the machine-translated version: residents no longer
    see the "machine translated" label."""
    updated = MachineTranslation.objects.filter(
        page_id=page_id, reviewed_at__isnull=True
    ).update(reviewed_at=timezone.now(), reviewed_by=user)
    if updated:
        content_generation_bump()

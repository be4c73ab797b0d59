"""Content languages: Wagtail locales and wagtail-localize tree synchronisation."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

logger = logging.getLogger(__name__)


@transaction.atomic
def website_locales_ensure() -> list[Locale]:
    """Create a Locale for each of ``WAGTAIL_CONTENT_LANGUAGES`` and keep every
    other locale synchronised from the default language (ja).

    Synchronisation gives each locale an alias of every Japanese page that is not
    translated yet (including the home page, so /en/, /zh-hans/, /ko/ answer at
    once); the site shows those with a "not translated yet" notice. Safe to call
    again: run it after creating pages in code (the seed does), because aliases
    are only made automatically for pages created in the staff console.
    Returns the locales, default first.
    """
    default_code = settings.LANGUAGE_CODE
    source, _created = Locale.objects.get_or_create(language_code=default_code)
    locales = [source]
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == default_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        locales.append(locale)
        LocaleSynchronization.objects.update_or_create(
            locale=locale, defaults={"sync_from": source}
        )
        # The post_save receiver of LocaleSynchronization only syncs on change
        # through the configured jobs backend; syncing here makes the result
        # independent of that backend and covers pages created since.
        synchronize_tree(source, locale)
        logger.info("website: locale %s synchronised from %s", code, default_code)
    return locales

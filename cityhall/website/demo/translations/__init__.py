"""Real translations (written for this project) of the demo pages that are
published in every language: the home page, the 防災・安全 section, the shelter
article, the accessibility policy, the news index and three news items.

Each language module maps a page slug to the translated field values, plus the
home page's quick-link titles in the order of ``policies.QUICK_LINKS``.
"""

from __future__ import annotations

from cityhall.website.demo.translations import en, ko, zh_hans

#: language code → (pages by slug, quick-link titles)
TRANSLATIONS: dict[str, tuple[dict[str, dict], list[str]]] = {
    "en": (en.PAGES, en.QUICK_LINKS),
    "zh-hans": (zh_hans.PAGES, zh_hans.QUICK_LINKS),
    "ko": (ko.PAGES, ko.QUICK_LINKS),
}

"""The demo data set: ``manage.py seed_demo`` on an empty database, run twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Locale, Page, Site

from cityhall.core.demo import DEMO_PASSWORD, demo_accounts
from cityhall.core.demo.organisation import DEPARTMENTS, divisions
from cityhall.core.models import (
    Department,
    District,
    Municipality,
    ResidentProfile,
    Role,
    User,
)
from cityhall.core.models.roles import ROLE_GROUP_NAMES
from cityhall.core.selectors import active_assignments, demo_logins_for_display
from cityhall.notices.demo import demo_notice_count
from cityhall.website.demo.articles_living import SECTIONS_LIVING
from cityhall.website.demo.articles_public import SECTIONS_PUBLIC
from cityhall.website.demo.news import CATEGORIES, NEWS
from cityhall.website.models import (
    ArticlePage,
    DepartmentPage,
    EmergencyBanner,
    HomePage,
    NewsCategory,
    NewsPage,
    PolicyPage,
    SectionPage,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OTHER_LANGUAGES = ("en", "zh-hans", "ko")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at the
    end, so each test sees the demo data without paying for a seed each."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        output = StringIO()
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db
def test_first_run_reports_the_seed(seeded):
    """The first run says it loaded the demo data."""
    assert "demo data loaded" in seeded


@pytest.mark.django_db
def test_second_run_changes_nothing(seeded):
    """On a database that has the municipality, seed_demo says so and writes
    nothing: every table has the same number of rows before and after."""
    before = _row_counts()
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert output.getvalue().strip() == "demo data already present"
    assert _row_counts() == before


@pytest.mark.django_db
def test_residents_option_adds_verified_residents_once(seeded):
    """--residents 3 adds resident-001 … resident-003, verified, with a profile
    and the demo password; asking for 4 later adds only the fourth."""
    output = StringIO()
    call_command("seed_demo", "--residents", "3", stdout=output)
    assert "demo residents: 3 created" in output.getvalue()
    emails = sorted(
        User.objects.filter(email__startswith="resident-").values_list(
            "email", flat=True
        )
    )
    assert emails == [f"resident-00{n}@demo.cityhall.jp" for n in (1, 2, 3)]
    third = User.objects.get(email="resident-003@demo.cityhall.jp")
    assert third.email_verified_at is not None
    assert ResidentProfile.objects.filter(user=third).exists()
    assert authenticate(email=third.email, password=DEMO_PASSWORD) == third
    call_command("seed_demo", "--residents", "4", stdout=StringIO())
    assert User.objects.filter(email__startswith="resident-").count() == 4


@pytest.mark.django_db
def test_negative_residents_is_refused(seeded):
    """A negative --residents is an error, not a silent no-op."""
    with pytest.raises(CommandError):
        call_command("seed_demo", "--residents", "-1", stdout=StringIO())


@pytest.mark.django_db
def test_municipality_profile(seeded):
    """One municipality with its code, languages and translated name."""
    municipality = Municipality.objects.get()
    assert municipality.local_government_code == "092100"
    assert municipality.enabled_languages == [
        "ja",
        "en",
        "zh-hans",
        "ko",
        "vi",
        "tl",
        "pt-br",
    ]
    assert set(municipality.name_translations) == set(OTHER_LANGUAGES) | {
        "vi",
        "tl",
        "pt-br",
    }


@pytest.mark.django_db
def test_districts_have_translated_names(seeded):
    """Eight districts, each named in every other language."""
    districts = list(District.objects.all())
    assert len(districts) == 8
    assert all(
        set(d.name_translations) == {*OTHER_LANGUAGES, "vi", "tl", "pt-br"}
        for d in districts
    )
    assert District.objects.get(code="kaneda").display_name("en") == "Kaneda"


@pytest.mark.django_db
def test_departments_form_a_tree_with_contacts(seeded):
    """Every 課 hangs under a 部 and has a phone number, e-mail and location."""
    assert Department.objects.filter(parent=None).count() == len(DEPARTMENTS)
    division_rows = Department.objects.exclude(parent=None)
    assert division_rows.count() == len(divisions())
    assert not division_rows.filter(phone="").exists()
    assert not division_rows.filter(email="").exists()
    assert not division_rows.filter(location="").exists()
    assert Department.objects.get(code="joho-seisaku").parent.code == "sogo-seisaku"


@pytest.mark.django_db
def test_staff_accounts_sign_in_and_hold_their_role(seeded):
    """Each staff account signs in with the demo password, is staff, holds its
    role today (so is in the role's group) and has a confirmed TOTP device."""
    for account in demo_accounts():
        if account.role is None:
            continue
        user = authenticate(email=account.email, password=DEMO_PASSWORD)
        assert user is not None, account.email
        assert user.is_staff
        roles = set(active_assignments(user).values_list("role", flat=True))
        assert roles == {account.role}
        assert user.groups.filter(name=ROLE_GROUP_NAMES[account.role]).exists()
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


@pytest.mark.django_db
def test_scoped_roles_are_in_their_division(seeded):
    """The web editor works in 市民課 and the system administrator in 情報政策課."""
    editor = User.objects.get(email="editor@demo.cityhall.jp")
    admin = User.objects.get(email="admin@demo.cityhall.jp")
    assert active_assignments(editor).get().department.code == "shimin"
    assert active_assignments(admin).get(role=Role.SYSTEM_ADMIN).department.code == (
        "joho-seisaku"
    )


@pytest.mark.django_db
def test_resident_account(seeded):
    """The resident is active, verified, not staff, and has a Japanese profile."""
    resident = User.objects.get(email="resident@demo.cityhall.jp")
    assert resident.is_active
    assert not resident.is_staff
    assert resident.email_verified_at is not None
    assert not TOTPDevice.objects.filter(user=resident).exists()
    profile = ResidentProfile.objects.get(user=resident)
    assert profile.preferred_language == "ja"
    assert profile.family_name_kana == "おおたわら"
    assert "大田原市" in profile.address


@pytest.mark.django_db
def test_demo_logins_are_listed(seeded):
    """``make run`` lists every demo account (and the TOTP hint)."""
    lines = demo_logins_for_display()
    assert len(lines) == len(demo_accounts()) + 1


@pytest.mark.django_db
def test_home_page_replaces_the_welcome_page(seeded):
    """The default site has the address of CITYHALL_BASE_URL (so Wagtail's page
    links in mails work) and is rooted at the Japanese home page; the Wagtail
    welcome page is gone."""
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_url == settings.CITYHALL_BASE_URL
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "ja"
    assert home.live
    assert not Page.objects.filter(content_type__model="page", depth=2).exists()
    assert home.quick_links.count() == 6


@pytest.mark.django_db
def test_japanese_page_tree(seeded):
    """The Japanese tree has the six sections, their articles, the news, one page
    per division and both policies, all live with a revision."""
    ja = Locale.objects.get(language_code="ja")
    sections = SECTIONS_LIVING + SECTIONS_PUBLIC
    assert SectionPage.objects.filter(locale=ja).count() == 6
    assert ArticlePage.objects.filter(locale=ja).count() == sum(
        len(section["articles"]) for section in sections
    )
    assert NewsPage.objects.filter(locale=ja).count() == len(NEWS) + (
        demo_notice_count()
    )
    assert DepartmentPage.objects.filter(locale=ja).count() == len(divisions())
    kinds = set(PolicyPage.objects.filter(locale=ja).values_list("kind", flat=True))
    assert kinds == {"accessibility", "privacy"}
    ja_pages = Page.objects.filter(locale=ja, depth__gt=1)
    assert not ja_pages.filter(live=False).exists()
    assert not ja_pages.filter(latest_revision=None).exists()


@pytest.mark.django_db
def test_every_article_names_its_division(seeded):
    """Articles and news items each carry a responsible division."""
    assert not ArticlePage.objects.filter(department=None).exists()
    assert not NewsPage.objects.filter(department=None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translated_pages_are_real_translations(seeded, language):
    """In each other language, eight pages are real (published, non-alias)
    translations (nine in English: the current flood alert too) and every other
    Japanese page has an alias."""
    locale = Locale.objects.get(language_code=language)
    ja_count = Page.objects.filter(locale__language_code="ja", depth__gt=1).count()
    pages = Page.objects.filter(locale=locale)
    translated = pages.filter(alias_of=None)
    assert translated.count() == 8 + (language == "en")
    assert not translated.filter(live=False).exists()
    assert pages.count() == ja_count
    home = HomePage.objects.get(locale=locale)
    assert home.lead != HomePage.objects.get(locale__language_code="ja").lead
    accessibility = PolicyPage.objects.get(locale=locale, kind="accessibility")
    assert accessibility.alias_of_id is None
    assert "8341-3" in accessibility.conformance_target


@pytest.mark.django_db
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translated_news_uses_translated_categories(seeded, language):
    """Translated news items are filed under the categories of their language."""
    news = NewsPage.objects.filter(locale__language_code=language, alias_of=None)
    # The three translated news items, and in English the current flood alert.
    assert news.count() == 3 + (language == "en")
    for page in news:
        locales = {category.locale_id for category in page.categories.all()}
        assert locales == {page.locale_id}


@pytest.mark.django_db
def test_news_categories_exist_in_every_language(seeded):
    """The categories, each translated into every content language."""
    assert NewsCategory.objects.filter(locale__language_code="ja").count() == len(
        CATEGORIES
    )
    assert NewsCategory.objects.count() == len(CATEGORIES) * len(settings.LANGUAGES)


@pytest.mark.django_db
def test_emergency_banner_is_present_but_off(seeded):
    """The banner setting exists for the site and is switched off."""
    banner = EmergencyBanner.objects.get(site=Site.objects.get())
    assert banner.is_active is False


@pytest.mark.django_db
def test_reading_dictionary_is_seeded(seeded):
    """Japan Post's readings for the demo city, its districts and the staff
    entries (docs/furigana.md)."""
    from cityhall.common.models import ReadingEntry

    fukuwara = ReadingEntry.objects.get(surface="福原")
    assert (fukuwara.reading, fukuwara.source) == ("ふくわら", "postal")
    assert ReadingEntry.objects.get(surface="金田").source == "district"
    assert ReadingEntry.objects.get(surface="蛇尾川").reading == "さびがわ"
    assert ReadingEntry.objects.filter(source="staff").count() == 5


@pytest.mark.django_db
def test_event_notices_dataset_lists_the_current_event_notices(seeded):
    """The generated events dataset is published with one row per current
    event notice of the demo news, each linking to its page."""
    import csv
    import io

    from cityhall.opendata import downloads
    from cityhall.opendata.models import Dataset
    from cityhall.website.notice_selectors import event_notice_list_current

    notices = event_notice_list_current()
    assert len(notices) >= 1
    dataset = Dataset.objects.get(generator_key="website-event-notices")
    assert dataset.is_published
    version = dataset.resources.get().current_version
    rows = list(
        csv.DictReader(io.StringIO(b"".join(downloads.csv_render(version)).decode()))
    )
    assert {row["ID"] for row in rows} == {str(n.translation_key) for n in notices}
    assert {row["URL"] for row in rows} == {n.get_full_url() for n in notices}

"""Page types of the city website (Wagtail)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from cityhall.website.easy_japanese_panel import EasyJapaneseCheckPanel
from cityhall.website.notice_choices import (
    NoticeCertainty,
    NoticeChannel,
    NoticeMessageType,
    NoticeSeverity,
    NoticeUrgency,
)
from cityhall.website.notice_forms import NewsPageForm
from cityhall.website.page_cache import cacheable_until, mark_cacheable


class BodyBlock(blocks.StreamBlock):
    """What editors put in a page body: headed text, notes, links, images, tables."""

    heading = blocks.CharBlock(
        form_classname="title",
        label=_("Heading"),
        template="website/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "link", "document-link", "ol", "ul", "h3", "h4"],
        label=_("Paragraph"),
        template="website/blocks/paragraph.html",
    )
    notice = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"))),
            ("text", blocks.RichTextBlock(features=["bold", "link", "ul"])),
        ],
        label=_("Important notice"),
        template="website/blocks/notice.html",
    )
    image = ImageBlock(label=_("Image"), template="website/blocks/image.html")
    table = blocks.StructBlock(
        [
            ("caption", blocks.CharBlock(label=_("Caption"))),
            (
                "rows",
                blocks.ListBlock(
                    blocks.ListBlock(blocks.CharBlock(required=False)),
                    label=_("Rows (first row is the header)"),
                ),
            ),
        ],
        label=_("Table"),
        template="website/blocks/table.html",
    )


class DepartmentOwnedMixin(models.Model):
    """Every page names the division responsible for it (担当課)."""

    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible division"),
        help_text=_(
            "Shown on the page with its contact details. Leave empty to use the "
            "division of the page above."
        ),
    )

    class Meta:
        abstract = True

    def responsible_department(self):
        """The page's own 担当課, or the nearest ancestor's (with its parent 部).

        Memoised on the instance: the template, the responsible-division box and
        the moderation task all ask for it while serving one request.
        """
        from cityhall.website import selectors  # imports these models

        if not hasattr(self, "_responsible_department"):
            self._responsible_department = selectors.responsible_department_for(self)
        return self._responsible_department

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Only real page serving may fill the anonymous page cache; the middleware
        # still refuses responses that set cookies or used a CSRF token.
        mark_cacheable(response)
        return response

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.page_common_context(self, request))
        return context

    def get_view_restrictions(self):
        """Wagtail's check before serving, answered from the restrictions
        remembered per content generation when routing already knows the
        page's ancestors (see ``routing``): no query unless one applies."""
        from cityhall.website import routing, selectors  # imports these models

        page_ids = routing.route_restriction_page_ids(self)
        if page_ids is None:
            return super().get_view_restrictions()
        applicable = [
            pk
            for pk, page_id, _path in selectors.view_restrictions()
            if page_id in page_ids
        ]
        if not applicable:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=applicable)


class HomePage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """The top page: emergency banner area, key links, latest news."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead")]
    subpage_types = [
        "website.SectionPage",
        "website.NewsIndexPage",
        "website.ArticlePage",
        "website.DepartmentIndexPage",
        "website.PolicyPage",
        # The procedure guide (a domain app above website, named not imported).
        "procedures.ProcedureIndexPage",
    ]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_lists(self, request))
        return context


class SectionPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """A section index (くらし・手続き, 防災・安全, …) listing its child pages."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=30,
        blank=True,
        help_text=_("Name of the section icon (life, children, health, safety, …)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("icon"),
        FieldPanel("department"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead")]
    parent_page_types = ["website.HomePage", "website.SectionPage"]
    subpage_types = ["website.SectionPage", "website.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context["children"] = selectors.section_children(self)
        return context


class ArticlePage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """An ordinary content page (procedures, guidance, information)."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]
    parent_page_types = ["website.HomePage", "website.SectionPage"]
    subpage_types: list[str] = []


@register_snippet
class NewsCategory(TranslatableMixin, models.Model):
    """A news category (お知らせ, 防災, イベント, …); translatable like pages."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [  # unique (translation_key, locale) comes from the mixin
            models.UniqueConstraint(
                fields=["slug", "locale"], name="news_category_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NewsIndexPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """The news list (新着情報), filterable by category."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("department"),
    ]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]
    max_count_per_parent = 1

    #: News items per page of the list.
    per_page = 10

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        categories = selectors.news_categories_for_locale(self.locale_id)
        chosen = request.GET.get("category", "")
        category = next((c for c in categories if c.slug == chosen), None)
        context["categories"] = categories
        context["category"] = category
        context["unknown_category"] = bool(chosen) and category is None
        context["news_page"] = selectors.news_page_for_index(
            self,
            category=category,
            page_number=request.GET.get("page", "1"),
            per_page=self.per_page,
        )
        return context


class NewsPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """One news item with its date and categories; also a notice (お知らせ) or a
    disaster alert (防災情報) that goes out on every channel it names.

    Each language version is a translation of the Japanese page (same
    ``translation_key``, which is the notice's public identifier). Wagtail's
    ``go_live_at`` is the scheduled start, ``expires_at`` the end of validity:
    after it the page stays on the site as a record but is no longer current
    (no banner, not in the CAP index).
    """

    date = models.DateField(_("date"))
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory,
        blank=True,
        related_name="news_pages",
        verbose_name=_("categories"),
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=20,
        choices=NoticeUrgency.choices,
        default=NoticeUrgency.NORMAL,
        help_text=_("An emergency notice switches on the banner on every page."),
    )
    target_districts = ParentalManyToManyField(
        "core.District",
        blank=True,
        related_name="+",
        verbose_name=_("target districts"),
        help_text=_("Leave empty for the whole municipality."),
    )
    expires_at = models.DateTimeField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "End of validity. The page stays on the site, but the notice is no "
            "longer current (banner and alert feeds). Empty: no end."
        ),
    )
    channels = models.JSONField(
        _("channels"),
        default=list,
        blank=True,
        help_text=_("The website is always used; choose the other channels."),
    )
    message_type = models.CharField(
        _("message type"),
        max_length=20,
        choices=NoticeMessageType.choices,
        default=NoticeMessageType.ALERT,
    )
    references = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("updates or cancels"),
        help_text=_("The original notice that this update or cancellation refers to."),
    )
    easy_title = models.CharField(
        _("title in easy Japanese"), max_length=255, blank=True
    )
    easy_text = models.TextField(_("text in easy Japanese"), blank=True)
    event = models.CharField(
        _("event"),
        max_length=100,
        blank=True,
        help_text=_(
            "Kind of event for alert feeds (CAP), e.g. flood. Empty: the "
            "first category."
        ),
    )
    severity = models.CharField(
        _("severity"),
        max_length=20,
        choices=NoticeSeverity.choices,
        default=NoticeSeverity.UNKNOWN,
    )
    certainty = models.CharField(
        _("certainty"),
        max_length=20,
        choices=NoticeCertainty.choices,
        default=NoticeCertainty.UNKNOWN,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("department"),
        MultiFieldPanel(
            [
                FieldPanel("urgency"),
                FieldPanel("message_type"),
                FieldPanel("references"),
                FieldPanel("expires_at"),
                FieldPanel("target_districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("channels"),
            ],
            heading=_("Notice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("easy_title"),
                FieldPanel("easy_text"),
                EasyJapaneseCheckPanel(field_names=("easy_title", "easy_text")),
            ],
            heading=_("Easy Japanese (やさしい日本語)"),
        ),
        MultiFieldPanel(
            [FieldPanel("event"), FieldPanel("severity"), FieldPanel("certainty")],
            heading=_("Alert feeds (CAP)"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    # The notice's attributes are the same in every language version; the easy
    # Japanese text belongs to the Japanese original and is copied along.
    override_translatable_fields = [
        SynchronizedField("easy_title"),
        SynchronizedField("easy_text"),
        SynchronizedField("channels"),
    ]
    base_form_class = NewsPageForm
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []

    def serve(self, request, *args, **kwargs):
        from django.utils import timezone

        response = super().serve(request, *args, **kwargs)
        if self.expires_at and self.expires_at > timezone.now():
            # The page changes at the end of validity ("no longer in effect").
            cacheable_until(response, self.expires_at)
        return response

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import notice_selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(notice_selectors.news_notice_context(self, request))
        return context

    def is_current(self, now=None) -> bool:
        """Live, started, not expired, not itself a cancellation."""
        from django.utils import timezone

        now = now or timezone.now()
        return (
            self.live
            and self.message_type != NoticeMessageType.CANCEL
            and (self.expires_at is None or self.expires_at > now)
        )


class MachineTranslation(models.Model):
    """A language version of a news page drafted by a machine-translation
    engine; residents see "machine translated" until a person reviews it."""

    page = models.OneToOneField(
        NewsPage,
        on_delete=models.CASCADE,
        related_name="machine_translation",
        verbose_name=_("page"),
    )
    engine = models.CharField(_("engine"), max_length=40)
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.page_id} ({self.engine})"


class DepartmentIndexPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """組織と連絡先: every department and division with its contact details."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("department"),
    ]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.DepartmentPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from cityhall.website import selectors  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context["department_tree"] = selectors.department_tree(
            index_page=self, request=request
        )
        return context


class DepartmentPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """A contact page for one department or division (its 担当課 is itself)."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("department"),
        FieldPanel("body"),
    ]
    parent_page_types = ["website.DepartmentIndexPage"]
    subpage_types: list[str] = []


class PolicyPage(DepartmentOwnedMixin, Page):  # noqa: DJ008 - Page has __str__
    """A policy statement: accessibility policy, privacy policy, site terms."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility policy")
        PRIVACY = "privacy", _("Privacy policy")
        TERMS = "terms", _("Site terms")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    conformance_target = models.CharField(
        _("conformance target"),
        max_length=100,
        blank=True,
        help_text=_("For the accessibility policy, e.g. JIS X 8341-3:2016 AA."),
    )
    last_tested_on = models.DateField(_("last tested on"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("conformance_target"), FieldPanel("last_tested_on")],
            heading=_("Conformance"),
        ),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []


@register_setting(icon="warning")
class EmergencyBanner(BaseSiteSetting):
    """The emergency banner (緊急情報) shown at the top of every page when on."""

    class Level(models.TextChoices):
        WARNING = "warning", _("Warning")
        EMERGENCY = "emergency", _("Emergency")

    is_active = models.BooleanField(_("show the banner"), default=False)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.EMERGENCY
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    link_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("more information"),
    )

    panels = [
        FieldPanel("is_active"),
        FieldPanel("level"),
        FieldPanel("title"),
        FieldPanel("message"),
        FieldPanel("link_page"),
    ]

    class Meta:
        verbose_name = _("emergency banner")


@register_setting(icon="warning")
class NoticeSettings(BaseSiteSetting):
    """Who may publish emergencies at once, and what alert feeds (CAP) say
    about the municipality: municipality data, loaded by the demo."""

    crisis_department = models.ForeignKey(
        "core.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("crisis management division"),
        help_text=_(
            "Staff holding a role in this division today (危機管理) may publish an "
            "emergency notice at once, without approval."
        ),
    )
    cap_sender = models.CharField(
        _("alert sender"),
        max_length=200,
        blank=True,
        help_text=_(
            "Identifies the municipality in alert feeds (CAP sender), e.g. an "
            "e-mail address or domain. Empty: the site's host name."
        ),
    )
    whole_area_polygon = models.JSONField(
        _("municipality outline"),
        default=list,
        blank=True,
        help_text=_(
            "The municipality's boundary as a closed ring of [longitude, latitude] "
            "pairs, used as the area of notices for the whole municipality."
        ),
    )

    panels = [
        FieldPanel("crisis_department"),
        FieldPanel("cap_sender"),
        FieldPanel("whole_area_polygon"),
    ]

    class Meta:
        verbose_name = _("notice settings")


class HomeQuickLink(Orderable):
    """よく使うリンク on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField(_("title"), max_length=100)
    link_page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("title"), FieldPanel("link_page")]


HomePage.content_panels = [
    *HomePage.content_panels,
    InlinePanel("quick_links", label=_("Quick links")),
]


# The moderation task is a model of this app; it lives in workflows.py with the
# rest of the approval logic and is imported here so Django registers it.
from cityhall.website.workflows import DepartmentHeadApprovalTask  # noqa: E402

__all__ = [
    "ArticlePage",
    "DepartmentHeadApprovalTask",
    "DepartmentIndexPage",
    "DepartmentPage",
    "EmergencyBanner",
    "HomePage",
    "HomeQuickLink",
    "MachineTranslation",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NoticeCertainty",
    "NoticeChannel",
    "NoticeMessageType",
    "NoticeSettings",
    "NoticeSeverity",
    "NoticeUrgency",
    "PolicyPage",
    "SectionPage",
]

"""Page types of the city website (Wagtail)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class BodyBlock(blocks.StreamBlock):
    """What editors put in a page body: headed text, notes, links, images, tables."""

    heading = blocks.CharBlock(
        form_classname="title", label=_("Heading"), template="website/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "link", "document-link", "ol", "ul", "h3", "h4"],
        label=_("Paragraph"),
    )
    notice = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"))),
            ("text", blocks.RichTextBlock(features=["bold", "link", "ul"])),
        ],
        label=_("Important notice"),
        template="website/blocks/notice.html",
    )
    image = ImageBlock(label=_("Image"))
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
        help_text=_("担当課: shown on the page with its contact details."),
    )

    class Meta:
        abstract = True

    def responsible_department(self):
        """The page's own 担当課, or the nearest ancestor's."""
        if self.department_id:
            return self.department
        for ancestor in self.get_ancestors(inclusive=False).specific().reverse():
            if getattr(ancestor, "department_id", None):
                return ancestor.department
        return None


class HomePage(DepartmentOwnedMixin, Page):
    """The top page: emergency banner area, key links, latest news."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead")]
    subpage_types = [
        "website.SectionPage",
        "website.NewsIndexPage",
        "website.ArticlePage",
        "website.DepartmentIndexPage",
        "website.PolicyPage",
    ]
    max_count_per_parent = 1


class SectionPage(DepartmentOwnedMixin, Page):
    """A section index (くらし・手続き, 防災・安全, …) listing its child pages."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=30,
        blank=True,
        help_text=_("Name of the section icon (life, children, health, safety, …)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("icon"),
        FieldPanel("department"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead")]
    parent_page_types = ["website.HomePage", "website.SectionPage"]
    subpage_types = ["website.SectionPage", "website.ArticlePage"]


class ArticlePage(DepartmentOwnedMixin, Page):
    """An ordinary content page (procedures, guidance, information)."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = Page.search_fields + [
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


class NewsIndexPage(DepartmentOwnedMixin, Page):
    """The news list (新着情報), filterable by category."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("department")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]
    max_count_per_parent = 1


class NewsPage(DepartmentOwnedMixin, Page):
    """One news item with its date and categories."""

    date = models.DateField(_("date"))
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory, blank=True, related_name="news_pages", verbose_name=_("categories")
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("categories"),
        FieldPanel("department"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []


class DepartmentIndexPage(DepartmentOwnedMixin, Page):
    """組織と連絡先: every department and division with its contact details."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("department")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.DepartmentPage"]
    max_count_per_parent = 1


class DepartmentPage(DepartmentOwnedMixin, Page):
    """A contact page for one department or division (its 担当課 is itself)."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("department"), FieldPanel("body")]
    parent_page_types = ["website.DepartmentIndexPage"]
    subpage_types: list[str] = []


class PolicyPage(DepartmentOwnedMixin, Page):
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

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("conformance_target"), FieldPanel("last_tested_on")],
            heading=_("Conformance"),
        ),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
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


class HomeQuickLink(Orderable):
    """よく使うリンク on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField(_("title"), max_length=100)
    link_page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("title"), FieldPanel("link_page")]


HomePage.content_panels = HomePage.content_panels + [
    InlinePanel("quick_links", label=_("Quick links"))
]

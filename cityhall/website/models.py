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
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cityhall.website.page_cache import mark_cacheable


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
    """One news item with its date and categories."""

    date = models.DateField(_("date"))
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory,
        blank=True,
        related_name="news_pages",
        verbose_name=_("categories"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("categories"),
        FieldPanel("department"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []


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
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "PolicyPage",
    "SectionPage",
]

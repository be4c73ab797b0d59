"""The procedure guide (手続きガイド): Wagtail pages for procedures and life
events, and the resident's saved 手続きナビ checklists.

Procedures are pages (not snippets) so that they sit in the site's page tree,
go through the same approval workflow, have language versions like every other
page and are found by the site search (docs/procedures.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cityhall.common.models import PublicIdModel
from cityhall.procedures.blocks import FormsBlock, RulesBlock
from cityhall.website.models import BodyBlock, DepartmentOwnedMixin


class ProcedureIndexPage(DepartmentOwnedMixin, Page):
    """The guide's top page: life events, the 手続きナビ and every procedure."""

    # Residents look for procedures first: a new guide joins the main menu
    # unless staff untick "show in menus".
    show_in_menus_default = True

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("department"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["procedures.LifeEventPage", "procedures.ProcedurePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("procedure guide")

    def get_context(self, request, *args, **kwargs):
        from cityhall.procedures import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.guide_index_lists(self))
        return context


class ProcedurePage(DepartmentOwnedMixin, Page):
    """One administrative procedure (転入届, 児童手当の認定請求, …).

    The page's 担当課 is the mixin's ``department``; ``counter`` names the
    window (窓口) where residents go.
    """

    lead = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences: what the procedure is for."),
    )
    who = models.TextField(
        _("who must do it"),
        blank=True,
        help_text=_(
            "Who must (or may) carry out the procedure, e.g. the person moving."
        ),
    )
    deadline = models.CharField(
        _("deadline"),
        max_length=200,
        blank=True,
        help_text=_("e.g. within 14 days of moving in. Empty: no deadline."),
    )
    counter = models.CharField(
        _("where to go"),
        max_length=200,
        blank=True,
        help_text=_("The counter (窓口), e.g. main building, 1st floor, window 3."),
    )
    bring = models.TextField(
        _("what to bring"),
        blank=True,
        help_text=_("One item per line."),
    )
    fee_amount = models.PositiveIntegerField(
        _("fee (yen)"),
        null=True,
        blank=True,
        help_text=_("A fixed fee in yen; 0 for free. Empty when it varies."),
    )
    fee_note = models.CharField(
        _("fee details"),
        max_length=200,
        blank=True,
        help_text=_("When the fee varies or needs explaining, e.g. 300 yen per copy."),
    )
    form_documents = StreamField(
        FormsBlock(), blank=True, verbose_name=_("forms to download")
    )
    online_url = models.URLField(
        _("online application address"),
        blank=True,
        help_text=_("Where the procedure can be done online. Empty: not online."),
    )
    online_note = models.CharField(
        _("about applying online"),
        max_length=200,
        blank=True,
        help_text=_("e.g. with a My Number Card through マイナポータル."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("more information"))
    rules = StreamField(
        RulesBlock(),
        blank=True,
        verbose_name=_("when it applies (手続きナビ)"),
        help_text=_(
            "Rules that put this procedure on a resident's 手続きナビ checklist. "
            "Without rules it is only listed under its life events."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("who"),
                FieldPanel("deadline"),
                FieldPanel("counter"),
                FieldPanel("department"),
                FieldPanel("bring"),
            ],
            heading=_("Who, when, where, what to bring"),
        ),
        MultiFieldPanel(
            [FieldPanel("fee_amount"), FieldPanel("fee_note")], heading=_("Fee")
        ),
        FieldPanel("form_documents"),
        MultiFieldPanel(
            [FieldPanel("online_url"), FieldPanel("online_note")],
            heading=_("Online"),
        ),
        FieldPanel("body"),
        FieldPanel("rules"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("who"),
        index.SearchField("deadline"),
        index.SearchField("counter"),
        index.SearchField("bring"),
        index.SearchField("fee_note"),
        index.SearchField("online_note"),
        index.SearchField("body"),
    ]
    # Facts that are the same in every language: translators see only text.
    override_translatable_fields = [
        SynchronizedField("rules"),
        SynchronizedField("fee_amount"),
        SynchronizedField("online_url"),
    ]
    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("procedure")

    def bring_items(self) -> list[str]:
        """What to bring, one entry per non-empty line."""
        return [line.strip() for line in self.bring.splitlines() if line.strip()]

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def fee_text(self) -> str:
        """The fee in words: "Free", "300 yen", the note, or both."""
        if self.fee_amount is None:
            return self.fee_note or gettext("Ask the responsible division.")
        amount = (
            gettext("Free")
            if self.fee_amount == 0
            else gettext("%(amount)s yen") % {"amount": f"{self.fee_amount:,}"}
        )
        return f"{amount} ({self.fee_note})" if self.fee_note else amount

    def get_context(self, request, *args, **kwargs):
        from cityhall.procedures import selectors

        context = super().get_context(request, *args, **kwargs)
        context["life_events"] = selectors.life_events_of_procedure(self)
        return context


class LifeEventPage(DepartmentOwnedMixin, Page):
    """A life event (引越し, 出生, おくやみ, …) listing its procedures in order."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=30,
        blank=True,
        help_text=_("Name of the icon (moving, birth, school, …)."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("icon"),
        FieldPanel("body"),
        InlinePanel("procedure_links", label=_("Procedures")),
        FieldPanel("department"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]
    override_translatable_fields = [SynchronizedField("icon")]
    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("life event")

    def get_context(self, request, *args, **kwargs):
        from cityhall.procedures import selectors

        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = selectors.procedures_of_life_event(self)
        return context


class LifeEventProcedure(Orderable):
    """One procedure listed on a life event page, in the editor's order.

    The link names the procedure in any language; each language version of the
    life event shows that procedure's version in its own language.
    """

    page = ParentalKey(
        LifeEventPage, on_delete=models.CASCADE, related_name="procedure_links"
    )
    procedure = models.ForeignKey(
        ProcedurePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("procedure"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Shown beside the procedure on this life event only."),
    )

    panels = [
        PageChooserPanel("procedure", page_type="procedures.ProcedurePage"),
        FieldPanel("note"),
    ]


class ProcedureChecklist(PublicIdModel):
    """A 手続きナビ checklist a signed-in resident kept: their answers and the
    procedures that applied when they saved it.

    ``items`` holds each procedure's ``translation_key`` (shown in the reader's
    language) and its title at the time (shown if the page is gone since).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="procedure_checklists",
        verbose_name=_("resident"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    items = models.JSONField(_("procedures"), default=list)

    class Meta:
        verbose_name = _("procedure checklist")
        verbose_name_plural = _("procedure checklists")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id}"

"""A form (申請フォーム) and its versions.

A form is what staff manage: owner department, address (slug), state. What a
resident answers is one :class:`FormVersion`: a JSON definition of pages and
questions, validated by :mod:`cityhall.eforms.definition`. A published version
is never changed again; staff edit a new draft version and publish it, so
drafts and submissions keep pointing at the questions they were answered on.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel

#: Words under /apply/ that are addresses of the app itself, never a form slug.
RESERVED_SLUGS = frozenset(
    {"drafts", "mine", "continue", "postal-code", "submissions", "static"}
)


class Form(PublicIdModel):
    """An electronic application form owned by one department."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        related_name="eforms",
        verbose_name=_("department"),
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(
        _("retention (days)"),
        default=365 * 5,
        help_text=_("How long submissions are kept after they are completed."),
    )
    live_version = models.ForeignKey(
        "eforms.FormVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_days__gte=1),
                name="eforms_form_retention_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(live_version__isnull=False),
                name="eforms_form_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FormVersion(TimeStampedModel):
    """One numbered definition of a form; immutable once ``published_at`` is set."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "number"], name="eforms_version_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="eforms_version_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_id} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

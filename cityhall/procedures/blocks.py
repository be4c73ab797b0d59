"""StreamField blocks of procedure pages: the 手続きナビ rule and forms to download."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from cityhall.procedures.rules import (
    MAX_AGE,
    MAX_CHILD_AGE,
    Insurance,
    LifeEventKind,
    Moving,
    rule_conditions,
)


class RuleBlock(blocks.StructBlock):
    """When the procedure applies: every condition filled in must hold."""

    moving = blocks.ChoiceBlock(
        choices=[c for c in Moving.choices if c[0] != Moving.NONE],
        required=False,
        label=_("Moving"),
    )
    event = blocks.ChoiceBlock(
        choices=LifeEventKind.choices, required=False, label=_("Event in the household")
    )
    insurance = blocks.ChoiceBlock(
        choices=[c for c in Insurance.choices if c[0] != Insurance.UNKNOWN],
        required=False,
        label=_("Health insurance"),
    )
    child_age_min = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=MAX_CHILD_AGE,
        label=_("A child in the household aged at least"),
    )
    child_age_max = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=MAX_CHILD_AGE,
        label=_("A child in the household aged at most"),
    )
    age_min = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        label=_("Resident aged at least"),
    )
    age_max = blocks.IntegerBlock(
        required=False, min_value=0, max_value=MAX_AGE, label=_("Resident aged at most")
    )

    class Meta:
        label = _("Applies when")
        help_text = _(
            "Fill in one or more conditions; the procedure is on a resident's "
            "checklist when all of them hold. Add another rule for another case."
        )
        icon = "tick"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not rule_conditions(value):
            raise StructBlockValidationError(
                block_errors={},
                non_block_errors=ErrorList(
                    [ValidationError(_("Fill in at least one condition."))]
                ),
            )
        for low, high in (("child_age_min", "child_age_max"), ("age_min", "age_max")):
            if (
                value.get(low) is not None
                and value.get(high) is not None
                and value[low] > value[high]
            ):
                errors[high] = ValidationError(
                    _("The upper age is below the lower age.")
                )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class RulesBlock(blocks.StreamBlock):
    rule = RuleBlock()


class FormDocumentBlock(blocks.StructBlock):
    """A form (申請書・届出書) residents can download and fill in beforehand."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False,
        label=_("Link text"),
        help_text=_("Empty: the document's title."),
    )

    class Meta:
        label = _("Form to download")
        icon = "doc-full"


class FormsBlock(blocks.StreamBlock):
    form = FormDocumentBlock()

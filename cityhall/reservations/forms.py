"""Forms of the reservations pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.models import Equipment, FeeReduction
from cityhall.reservations.services.booking import MAX_PURPOSE_LENGTH


class BookingConfirmForm(forms.Form):
    """The confirmation step before a provisional booking: what for, how
    many people, equipment, and a fee reduction (減免) with its evidence. The
    slot travels as its signed id."""

    slot = forms.CharField(widget=forms.HiddenInput, max_length=500)
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("For example: neighbourhood association meeting."),
        max_length=MAX_PURPOSE_LENGTH,
        required=False,
    )

    pay_later = forms.TypedChoiceField(
        label=_("How will you pay?"),
        choices=[
            ("", _("By card now (within 30 minutes)")),
            (
                "1",
                _(
                    "Later, within 3 days: at a bank ATM or online banking "
                    "(Pay-easy), a convenience store or the city hall counter"
                ),
            ),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Paying later, the booking must be paid at the latest the day before "
            "you use the room; otherwise it is cancelled."
        ),
    )

    def __init__(
        self,
        *args,
        capacity: int,
        equipment: list[Equipment] = (),  # type: ignore[assignment]
        reductions: list[FeeReduction] = (),  # type: ignore[assignment]
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = forms.IntegerField(
            label=_("Number of attendees"),
            help_text=_("At most %(capacity)s people.") % {"capacity": capacity},
            min_value=1,
            max_value=capacity,
            required=False,
        )
        if equipment:
            self.fields["equipment"] = forms.TypedMultipleChoiceField(
                label=_("Equipment"),
                help_text=_("Each item is charged per slot."),
                choices=[
                    (str(item.public_id), f"{item.display_name()} (+{item.fee:,}円)")
                    for item in equipment
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if reductions:
            self.fields["reduction"] = forms.ChoiceField(
                label=_("Fee reduction"),
                help_text=_(
                    "Choose one if your group qualifies. Some reductions need "
                    "evidence and are reviewed by staff before you pay."
                ),
                choices=[("", _("None"))]
                + [(rule.code, self._rule_label(rule)) for rule in reductions],
                required=False,
            )
            self.fields["evidence"] = forms.FileField(
                label=_("Evidence for the reduction"),
                help_text=_(
                    "A PDF, JPEG or PNG file, such as your group's registration "
                    "certificate."
                ),
                required=False,
            )

    @staticmethod
    def _rule_label(rule: FeeReduction) -> str:
        name = rule.display_name()
        if rule.kind == FeeReduction.Kind.EXEMPT:
            amount = str(_("full exemption"))
        else:
            amount = str(_("%(percent)s%% off")) % {"percent": rule.percent}
        needs = str(_(", evidence required")) if rule.evidence_required else ""
        return f"{name} ({amount}{needs})"

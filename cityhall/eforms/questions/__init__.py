"""The question-type registry: one small module per type.

``QUESTION_TYPES`` maps the ``type`` of a question in a form definition to
its :class:`~cityhall.eforms.questions.base.QuestionType`.
"""

from __future__ import annotations

from cityhall.eforms.questions.address import Address
from cityhall.eforms.questions.base import Question, QuestionType
from cityhall.eforms.questions.choice import MultipleChoice, SingleChoice
from cityhall.eforms.questions.contact import Consent, Email, Phone
from cityhall.eforms.questions.date import EraDate
from cityhall.eforms.questions.name import PersonName
from cityhall.eforms.questions.number import Number
from cityhall.eforms.questions.text import LongText, ShortText
from cityhall.eforms.questions.upload import FileUpload

QUESTION_TYPES: dict[str, QuestionType] = {
    kind.key: kind
    for kind in (
        ShortText(),
        LongText(),
        Number(),
        EraDate(),
        SingleChoice(),
        MultipleChoice(),
        PersonName(),
        Address(),
        Phone(),
        Email(),
        Consent(),
        FileUpload(),
    )
}


def question_type(key: str) -> QuestionType:
    """The registered type ``key`` (KeyError for an unknown type)."""
    return QUESTION_TYPES[key]


__all__ = ["QUESTION_TYPES", "Question", "QuestionType", "question_type"]

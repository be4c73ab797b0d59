"""A form version's definition: pages of questions with branching, validated.

Shape (JSON)::

    {"pages": [{"id": "kind", "title": "...", "description": "",
                "questions": [{"id": "q1", "type": "single_choice", "label": "...",
                               "hint": "", "required": true, "options": {...}}],
                "branches": [{"question": "q1", "operator": "equals",
                              "value": "x", "goto": "p3"}]}],
     "confirmation": "What happens next ...",
     "fee": {"amount": 500, "label": "..."}}

A page's branches are tried in order: the first whose question's answer
``equals`` (or, for text and multiple choice, ``contains``) its value sends
the resident to ``goto``, a later page or ``"check"`` (check your answers);
when none matches, the next page follows. Branches only go forward, so every
path ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from cityhall.eforms.errors import DefinitionError
from cityhall.eforms.questions import QUESTION_TYPES, Question, question_type

CHECK = "check"
OPERATORS = ("equals", "contains")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Branch:
    question: str
    operator: str
    value: str
    goto: str


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    description: str = ""
    questions: tuple[Question, ...] = ()
    branches: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class Definition:
    pages: tuple[Page, ...]
    confirmation: str = ""
    fee: dict[str, Any] | None = None
    _index: dict[str, int] = field(default_factory=dict, compare=False)

    def page(self, page_id: str) -> Page | None:
        index = self._index.get(page_id)
        return None if index is None else self.pages[index]

    @property
    def first_page(self) -> Page:
        return self.pages[0]

    def questions(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions]

    def next_page_id(self, page: Page, answers: dict[str, Any]) -> str:
        """Where the resident goes after ``page`` given ``answers``: a page id
        or :data:`CHECK`."""
        kinds = {q.id: q.type for p in self.pages for q in p.questions}
        for branch in page.branches:
            kind = question_type(kinds[branch.question])
            if kind.matches(
                answers.get(branch.question), branch.operator, branch.value
            ):
                return branch.goto
        index = self._index[page.id]
        return self.pages[index + 1].id if index + 1 < len(self.pages) else CHECK

    def path(self, answers: dict[str, Any]) -> list[Page]:
        """The pages a resident with ``answers`` goes through, in order."""
        pages: list[Page] = []
        page: Page | None = self.first_page
        while page is not None:
            pages.append(page)
            page = self.page(self.next_page_id(page, answers))
        return pages


def _problems(data: Any) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        return [gettext("The definition needs a list of pages.")]
    pages = data["pages"]
    if not pages:
        return [gettext("A form needs at least one page.")]
    errors: list[str] = []
    fee = data.get("fee")
    if fee is not None and not (
        isinstance(fee, dict)
        and isinstance(fee.get("amount"), int)
        and not isinstance(fee.get("amount"), bool)
        and fee["amount"] > 0
    ):
        errors.append(gettext("A fee needs an amount in whole yen above zero."))
    page_ids: list[str] = []
    question_ids: dict[str, str] = {}
    for page in pages:
        page_id = page.get("id") if isinstance(page, dict) else None
        if (
            not isinstance(page_id, str)
            or not _ID_RE.match(page_id)
            or page_id == CHECK
        ):
            errors.append(
                gettext("Every page needs an id of lower-case letters, digits and _.")
            )
            continue
        if page_id in page_ids:
            errors.append(gettext("Two pages have the id “%(id)s”.") % {"id": page_id})
        page_ids.append(page_id)
        if not page.get("title"):
            errors.append(gettext("Page “%(id)s” needs a title.") % {"id": page_id})
        for question in page.get("questions") or []:
            errors += _question_problems(question, question_ids)
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                question_ids[question["id"]] = page_id
        if not page.get("questions"):
            errors.append(gettext("Page “%(id)s” has no questions.") % {"id": page_id})
    if errors:
        return errors
    for position, page in enumerate(pages):
        for branch in page.get("branches") or []:
            errors += _branch_problems(branch, page_ids, position, question_ids)
    return errors


def _question_problems(question: Any, seen: dict[str, str]) -> list[str]:
    if not isinstance(question, dict):
        return [gettext("A question must be an object.")]
    question_id = question.get("id")
    if not isinstance(question_id, str) or not _ID_RE.match(question_id):
        return [
            gettext("Every question needs an id of lower-case letters, digits and _.")
        ]
    errors = []
    if question_id in seen:
        errors.append(
            gettext("Two questions have the id “%(id)s”.") % {"id": question_id}
        )
    if not question.get("label"):
        errors.append(gettext("Question “%(id)s” needs a label.") % {"id": question_id})
    kind = QUESTION_TYPES.get(question.get("type", ""))
    if kind is None:
        errors.append(
            gettext("Question “%(id)s” has an unknown type.") % {"id": question_id}
        )
    else:
        options = question.get("options") or {}
        errors += [
            f"{question_id}: {problem}" for problem in kind.options_errors(options)
        ]
    return errors


def _branch_problems(
    branch: Any, page_ids: list[str], position: int, question_ids: dict[str, str]
) -> list[str]:
    if not isinstance(branch, dict):
        return [gettext("A branching rule must be an object.")]
    asked_on = question_ids.get(branch.get("question", ""))
    if asked_on is None or page_ids.index(asked_on) > position:
        return [gettext("A branching rule names a question not asked yet.")]
    if branch.get("operator") not in OPERATORS:
        return [gettext("A branching rule's operator must be equals or contains.")]
    if not isinstance(branch.get("value"), str):
        return [gettext("A branching rule needs a value.")]
    goto = branch.get("goto")
    if goto != CHECK and (goto not in page_ids or page_ids.index(goto) <= position):
        return [gettext("A branching rule must go to a later page.")]
    return []


def definition_validate(data: Any) -> None:
    """Raise :class:`DefinitionError` listing every problem of ``data``."""
    errors = _problems(data)
    if errors:
        raise DefinitionError(
            gettext("The form definition has problems."), extra={"problems": errors}
        )


def definition_parse(data: dict[str, Any]) -> Definition:
    """A validated definition (stored versions were validated when saved)."""
    pages = tuple(
        Page(
            id=page["id"],
            title=page["title"],
            description=page.get("description", ""),
            questions=tuple(Question.from_definition(q) for q in page["questions"]),
            branches=tuple(
                Branch(b["question"], b["operator"], b["value"], b["goto"])
                for b in page.get("branches") or []
            ),
        )
        for page in data["pages"]
    )
    return Definition(
        pages=pages,
        confirmation=data.get("confirmation", ""),
        fee=data.get("fee"),
        _index={page.id: index for index, page in enumerate(pages)},
    )

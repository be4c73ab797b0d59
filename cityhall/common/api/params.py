"""Query parameter types shared by the API routers.

Pydantic's lax mode converts more than the OpenAPI document promises (it reads
``since=0`` as 1 January 1970); these types accept exactly what the document
describes, so the schema and the validation agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.conf import settings
from pydantic import BeforeValidator, Field

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


#: A calendar date written ``YYYY-MM-DD`` (OpenAPI ``format: date``), nothing else.
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date_text),
    Field(json_schema_extra={"pattern": _ISO_DATE.pattern}),
]

#: Language codes the API accepts in ``?lang=`` (settings.LANGUAGES).
if TYPE_CHECKING:
    Language = str
else:
    Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]

"""The public REST API, ``/api/v1/``: this module only builds it and mounts the
apps' routers.

Each app owns its endpoints in ``cityhall/<app>/api.py`` (a django-ninja
``Router`` named ``router``); the plumbing they share (error shape, language,
parameters, pagination) is in :mod:`cityhall.common.api`. The language of names
and content is ``?lang=`` when given, else the one negotiated from the
Accept-Language header (Japanese by default).
"""

from __future__ import annotations

import importlib

from cityhall.common.api.ninja import CityhallAPI

#: (prefix, module): each module's ``router`` is mounted under ``/api/v1/<prefix>``,
#: in this order; an app with endpoints adds one line.
ROUTERS = [
    ("", "cityhall.core.api"),
    ("", "cityhall.website.api"),
    ("/payments/", "cityhall.payments.api"),
    ("", "cityhall.reservations.api"),
    ("/gis/", "cityhall.gis.api"),
]

api = CityhallAPI(
    title="Cityhall API",
    version="1",
    description=(
        "Public, read-only information of the municipality: profile, "
        "departments, news and site search. Errors always have the shape "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for prefix, module_name in ROUTERS:
    api.add_router(prefix, importlib.import_module(module_name).router)

"""Serve the application at the root path, whatever the server says.

Cityhall's public contracts (``/admin/``, ``/healthz``, ``/api/v1/``…) are all at
the root of their host, so the script prefix (WSGI ``SCRIPT_NAME``) is always
empty. Servers fill ``SCRIPT_NAME`` in from places a client may reach: gunicorn
reads a ``SCRIPT_NAME:`` request header from addresses in its
``forwarded_allow_ips`` (127.0.0.1 by default, so anything behind a local
reverse proxy that passes the header on), cuts it off the path and hands the
rest over as ``PATH_INFO``. A request for ``/x/admin/login/`` with
``SCRIPT_NAME: /x`` then reaches Django as ``/admin/login/`` under a prefix that
every ``reverse()`` repeats.

:class:`RootPathApplication` undoes that before Django sees the request: the
prefix is put back in front of ``PATH_INFO`` (it was part of the path the
client asked for) and ``SCRIPT_NAME`` is emptied, so ``/x/admin/login/`` is
simply a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RootPathApplication:
    """Wrap a WSGI application so that it always runs with an empty prefix."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        script_name = environ.get("SCRIPT_NAME") or ""
        if script_name:
            environ["PATH_INFO"] = script_name + (environ.get("PATH_INFO") or "")
            environ["SCRIPT_NAME"] = ""
        return self.application(environ, start_response)

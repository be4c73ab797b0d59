"""Plumbing every app's API router shares, below the apps in the layers.

``errors`` (one JSON error shape, exception handlers, JSON 401/403/404/405),
``language`` (which language a response speaks), ``params`` (query parameter
types whose validation agrees with the OpenAPI document), ``schemas`` (the
error schema), ``pagination`` (limit/offset windows), ``sanitize`` (HTML for
clients) and ``ninja`` (the NinjaAPI class that ``cityhall.api`` builds).
"""

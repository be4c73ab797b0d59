"""The Action API endpoint: CKAN's envelope, error types and status codes.

``/api/3/action/<name>`` and ``/api/action/<name>`` answer GET (parameters in
the query string) and POST (a JSON object as body, or a form). Every answer is
``{"help": …, "success": true, "result": …}`` or ``{"help": …, "success":
false, "error": {"__type": …, "message": …}}`` with CKAN's status codes: 404
Not Found Error, 409 Validation Error, 403 Authorization Error, 400 Search
Query Error, and 400 with the body ``"Bad request - …"`` for unreadable JSON
or an unknown action, as CKAN does.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.opendata.ckan.actions import ACTIONS, ActionError

logger = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json;charset=utf-8"


def _response(status: int, body: Any) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=JSON_CONTENT_TYPE,
    )
    # Catalogue data is public: browser clients on other sites may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _bad_request(message: str) -> HttpResponse:
    return _response(400, f"Bad request - {message}")


def _mixed(query: Any) -> dict[str, Any]:
    return {
        key: values[0] if len(values) == 1 else values for key, values in query.lists()
    }


def _request_data(request: HttpRequest) -> dict[str, Any]:
    """Parameters from the query string (GET) or the body (POST); ValueError
    when the body is not a JSON object."""
    if request.method == "GET":
        return _mixed(request.GET)
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _mixed(request.POST)
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"Error decoding JSON data. Error: {error!r}") from error
    if not isinstance(data, dict):
        raise ValueError(
            f"Request data JSON decoded to {data!r} but it needs to be a dictionary."
        )
    return data


@csrf_exempt
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, name: str) -> HttpResponse:
    """Run one action of the CKAN Action API and wrap it in CKAN's envelope."""
    function = ACTIONS.get(name)
    if function is None:
        return _bad_request(f"Action name not known: {name}")
    help_url = request.build_absolute_uri(
        reverse("ckan_action", kwargs={"name": "help_show"}) + f"?name={name}"
    )
    try:
        data = _request_data(request)
    except ValueError as error:
        return _bad_request(f"JSON Error: {error}")
    data.pop("callback", None)
    body: dict[str, Any] = {"help": help_url}
    try:
        result = function(data, request.build_absolute_uri)
    except ActionError as error:
        body["success"] = False
        body["error"] = {"__type": error.type, "message": error.message, **error.fields}
        return _response(error.status, body)
    except ApplicationError as error:
        body["success"] = False
        body["error"] = {"__type": "Validation Error", "message": str(error.message)}
        return _response(409, body)
    except Exception:
        logger.exception("CKAN action %s failed", name)
        body["success"] = False
        body["error"] = {
            "__type": "Internal Server Error",
            "message": "Internal Server Error",
        }
        return _response(500, body)
    body["success"] = True
    body["result"] = result
    return _response(200, body)


def api_root(request: HttpRequest, version: int = 3) -> HttpResponse:
    """``/api/3`` answers the API version, as CKAN does."""
    return _response(200, {"version": version})

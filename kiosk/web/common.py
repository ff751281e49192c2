"""What every route of the web service shares: errors as sentences, the language, the bearer
token check, the per-client limit of the phone routes, the response headers and the SSE framing.

The services, the hub and the limiter of the running application are in `request.app.state`
(set by `create_app`), so the routes are plain named functions in their own modules.
"""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from kiosk.domain import errors
from kiosk.domain.access import Permission, Role, may
from kiosk.domain.catalog import LANGUAGES, Lang, tr
from kiosk.services import Caller, Forbidden, Unauthorized
from kiosk.web import page

KEEPALIVE_S = 15.0
RETRY_MS = 3000
LANGS = LANGUAGES
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
}
NO_STORE = {"Cache-Control": "no-store", **SECURITY_HEADERS}
SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

bearer = HTTPBearer(auto_error=False, description="a token from `anjungan token create`")


class Invalid(Exception):
    """A request body that cannot be read or does not fit its schema (both sentences)."""

    def __init__(self, message: str, message_en: str, form: bool = False):
        super().__init__(message)
        self.message, self.message_en, self.form = message, message_en, form


def status_of(exc: errors.AnjunganError) -> int:
    if isinstance(exc, Unauthorized):
        return 401
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, (errors.UnknownService, errors.UnknownCounter, errors.UnknownTicket)):
        return 404
    if isinstance(exc, errors.InvalidNik) or exc.key in ("error.rating.score", "error.skm.answer"):
        return 422
    if isinstance(exc, (errors.ServiceClosed, errors.IllegalTransition)):
        return 409
    if isinstance(exc, errors.StoreUnavailable):
        return 503
    return 400


def error(status: int, message: str, message_en: str, code: str | None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "error_en": message_en, "code": code}, status_code=status, headers=headers)


def keyed_error(status: int, key: str, headers: dict | None = None) -> JSONResponse:
    """The error whose two sentences are the catalog's `key` (the key is its code)."""
    return error(status, tr(key, "id"), tr(key, "en"), key, headers)


def lang_of(lang: str | None, accept: str | None = None) -> str:
    if Lang.known(lang):
        return Lang.of(lang)
    return Lang.EN if accept and accept.lower().startswith("en") else Lang.ID


def request_lang(request: Request, lang: str | None) -> str:
    return lang_of(lang, request.headers.get("accept-language"))


def sse(doc: dict, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}data: {json.dumps(doc, ensure_ascii=False, default=str)}\n\n"


_VOLATILE = ("event_id", "updated")


def same(a: dict, b: dict) -> bool:
    """Whether two phone views differ only in when they were made."""
    return {k: v for k, v in a.items() if k not in _VOLATILE} == {k: v for k, v in b.items() if k not in _VOLATILE}


ANSWER_TEXT = {
    401: "no token, or one that is unknown or revoked", 403: "the token's role may not do this",
    404: "no such ticket, counter, service or booking", 409: "refused now: closed, quota full, not allowed in this state",
    413: "the request body is too large", 422: "invalid input", 429: "too many requests from this address",
    503: "the database cannot be used now",
}
ERROR_SCHEMA = {"type": "object", "required": ["error", "error_en", "code"], "properties": {
    "error": {"type": "string", "description": "the Indonesian sentence"},
    "error_en": {"type": "string", "description": "the English sentence"},
    "code": {"type": ["string", "null"], "description": "the message id"}}}


def answers(*statuses: int) -> dict:
    """The failure answers an operation may give, for the OpenAPI document (each one sentence)."""
    return {status: {"description": ANSWER_TEXT[status], "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            for status in statuses}


def body_doc(model: type[BaseModel]) -> dict:
    """An operation's request body taken as JSON or as a plain HTML form."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}, "application/x-www-form-urlencoded": {"schema": schema}}}}


def roles(permission: Permission | None) -> dict:
    """The token roles that may call an operation, for the documentation (none: no token)."""
    return {"x-roles": [] if permission is None else [r.value for r in Role if may(r, permission)]}


# -- the running application's parts -----------------------------------------------------------

def services(request: Request):
    return request.app.state.svc


def hub_of(request: Request):
    return request.app.state.hub


def need(permission: Permission):
    """A dependency: the caller of a request, when its bearer token's role may do `permission`."""
    def caller(request: Request,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller:
        return services(request).authorize(credentials.credentials if credentials else None, permission)
    return caller


def client(request: Request) -> str:
    return request.client.host if request.client else "-"


def limited(request: Request) -> Response | None:
    """The answer to a client over the phone routes' limit (None: within it)."""
    limiter = request.app.state.limiter
    if limiter.allow(client(request)):
        return None
    lang = lang_of(request.query_params.get("lang"), request.headers.get("accept-language"))
    headers = {"Retry-After": str(limiter.retry_after()), **SECURITY_HEADERS}
    if "text/html" in request.headers.get("accept", "") and "/api/" not in request.url.path:
        root = "../" * max(1, request.url.path.count("/") - 1)
        return HTMLResponse(page.message_page(tr("web.rate_limited", lang), lang, root=root), 429, headers=headers)
    return keyed_error(429, "web.rate_limited", headers)

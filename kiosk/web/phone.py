"""The participant's side of the web service (no token; rate-limited per client address): the
phone status page under `/t/{ref}` and its live stream, the one-tap rating and the full SKM
questionnaire after the visit, and the documentation page at `/docs`."""

import json
from typing import Annotated, AsyncIterator
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ValidationError

from kiosk.domain import errors
from kiosk.domain.catalog import error_text, tr
from kiosk.domain.skm import ELEMENTS
from kiosk.services import PHONE_DYNAMIC_KEYS
from kiosk.web import page
from kiosk.web.common import (
    KEEPALIVE_S, LANGS, NO_STORE, RETRY_MS, SECURITY_HEADERS, SSE_HEADERS, Invalid, body_doc, error, hub_of, keyed_error,
    limited, request_lang, roles, same, services, sse, status_of,
)
from kiosk.web.models import RESPONDENT, RatingIn, SurveyIn

router = APIRouter()

FEEDBACK_ANSWERS = {
    200: {"description": "kept; the phone page's view of the ticket (JSON requests)"},
    303: {"description": "kept; back to the phone page (plain form posts)"},
    400: {"description": "a field holds a null (NUL) character"},
    404: {"description": "no ticket with this reference"},
    409: {"description": "the visit is not finished yet, or was rated already (one per visit)"},
    413: {"description": "the request body is too large"},
    422: {"description": "an answer that is not 1–4, or a respondent choice the branch does not list"},
    429: {"description": "too many requests from this address"},
    503: {"description": "the database cannot be used now"},
}
MAX_FORM = 16_384

Ref = Annotated[str, Path(max_length=64, description="the ticket's status reference (from its QR code)")]
Lang = Annotated[str | None, Query(pattern="^(id|en)$")]


async def look_up(request: Request, ref: str, lang: str | None):
    """What every phone route does first: the language, the per-client limit (`refused`, the
    answer to give when over it), then the phone view of the ticket (`found`, None: unknown)."""
    if (refused := limited(request)) is not None:
        return request_lang(request, lang), refused, None
    if lang is None:            # opened from the ticket's QR code: the language the ticket was taken in
        lang = await run_in_threadpool(services(request).ticket_lang, ref)
    lang = request_lang(request, lang)
    return lang, None, await run_in_threadpool(services(request).public_ticket, ref, lang)


async def phone_json(request: Request, ref: str, lang: str | None) -> Response:
    """The phone page's view of one ticket as JSON (the page's poll and the API's read)."""
    lang, refused, found = await look_up(request, ref, lang)
    if refused is not None:
        return refused
    if found is None:
        return keyed_error(404, "web.not_found")
    return JSONResponse(found[0], headers={"Cache-Control": "no-store"})


@router.get("/", include_in_schema=False)
def index(request: Request, lang: str | None = None):
    lang = request_lang(request, lang)
    return HTMLResponse(page.index_page(services(request).branch.name, lang), headers=SECURITY_HEADERS)


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request):
    """Ok only when the database answers a real read of the queue; 503 with its sentence when not."""
    from kiosk.services import database_health

    hub = hub_of(request)
    try:
        read = database_health(services(request))
    except errors.AnjunganError as exc:
        return error(503, exc.text("id"), exc.text("en"), exc.key, NO_STORE)
    return {"ok": True, "streams": hub.streams, "event_id": hub.last_event_id, "database": read}


@router.get("/static/{name}", include_in_schema=False)
def static(name: str):
    if name not in page.ASSETS:
        return keyed_error(404, "error.web.not_found")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(page.asset(name), media_type=f"{media}; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=3600", **SECURITY_HEADERS})


@router.get("/t/{ref}", include_in_schema=False)
async def status_page(request: Request, ref: str, lang: str | None = None):
    lang, refused, found = await look_up(request, ref, lang)
    if refused is not None:
        return refused
    if found is None:
        return HTMLResponse(page.message_page(tr("web.not_found", lang), lang), 404, headers=NO_STORE)
    return HTMLResponse(page.status_page(found[0], lang), headers=NO_STORE)


@router.get("/t/{ref}/state", include_in_schema=False)
async def status_state(request: Request, ref: str, lang: str | None = None):
    return await phone_json(request, ref, lang)


@router.get("/t/{ref}/events", include_in_schema=False)
async def status_events(request: Request, ref: str, lang: str | None = None):
    lang, refused, found = await look_up(request, ref, lang)
    if refused is not None:
        return refused
    if found is None:
        return keyed_error(404, "web.not_found")
    return StreamingResponse(phone_stream(request, ref, lang, *found), media_type="text/event-stream",
                             headers=SSE_HEADERS)


async def phone_stream(request: Request, ref: str, lang: str, doc: dict, ticket_id: str) -> AsyncIterator[str]:
    """The ticket's phone view, sent again whenever the board moves it (and only then)."""
    svc, hub = services(request), hub_of(request)
    yield f"retry: {RETRY_MS}\n\n" + sse(doc)
    dynamic = set(PHONE_DYNAMIC_KEYS) | {"event_id"}
    static = {k: v for k, v in doc.items() if k not in dynamic}
    day = doc["service_day"]
    while not hub.closing:
        if not await hub.wait_change(KEEPALIVE_S):
            yield ": keep-alive\n\n"
            continue
        if hub.closing:
            break
        board = hub.board
        place = board.places.get(ticket_id) if board is not None and board.day.isoformat() == day else None
        if place is not None:
            new = {**static, **svc.phone_dynamic(place, lang), "event_id": board.event_id}
        elif doc["final"]:
            continue
        else:
            found = await run_in_threadpool(svc.public_ticket, ref, lang)
            if found is None:
                continue
            new, ticket_id = found
            static = {k: v for k, v in new.items() if k not in dynamic}
            day = new["service_day"]
        if not same(new, doc):
            doc = new
            yield sse(doc)


# -- after the visit: the one-tap rating and the full questionnaire ---------------------------

class NulInField(Invalid):
    """A field with a NUL character: no store keeps it (PostgreSQL refuses it), so it is a 400."""


def without_nul(fields: dict, form: bool) -> dict:
    if any("\x00" in str(k) or (isinstance(v, str) and "\x00" in v) for k, v in fields.items()):
        raise NulInField(tr("error.web.nul", "id"), tr("error.web.nul", "en"), form=form)
    return fields


async def read_fields(request: Request) -> tuple[dict, bool]:
    """The fields a request carries and whether they came from a plain form (answered by a
    redirect, or a page of one sentence) rather than JSON."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    raw = await request.body()
    if len(raw) > MAX_FORM:
        raise Invalid(tr("error.web.invalid", "id", detail="body"), tr("error.web.invalid", "en", detail="body"))
    as_json = kind == "application/json" or (not kind and raw[:1] == b"{")
    if as_json:
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise Invalid(tr("error.web.invalid", "id", detail="JSON"), tr("error.web.invalid", "en", detail="JSON"))
        return without_nul(data, False), True
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=40)
    except (UnicodeDecodeError, ValueError):
        pairs = None
    if pairs is None:
        raise Invalid(tr("error.web.invalid", "id", detail="form"), tr("error.web.invalid", "en", detail="form"),
                      form=True)
    return without_nul(dict(pairs), True), "application/json" in request.headers.get("accept", "")


def validated(model: type[BaseModel], fields: dict):
    """The body read as `model`; Invalid (both sentences) naming what is wrong."""
    try:
        return model.model_validate({k: (None if v == "" and k not in ELEMENTS else v) for k, v in fields.items()})
    except ValidationError as exc:
        missing = sorted({str(e["loc"][0]).upper() for e in exc.errors() if e.get("loc")
                          and str(e["loc"][0]) in ELEMENTS})
        if missing:
            texts = [tr("web.survey.missing", lg, elements=", ".join(missing)) for lg in LANGS]
        elif model is RatingIn:
            texts = [tr("error.rating.score", lg, value=str(fields.get("score", ""))[:8]) for lg in LANGS]
        else:
            detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
                               for e in exc.errors())
            texts = [tr("error.web.invalid", lg, detail=detail) for lg in LANGS]
        raise Invalid(*texts) from None


def back_to(ref: str, lang: str) -> RedirectResponse:
    return RedirectResponse(f"../{quote(ref, safe='')}?lang={lang}", 303, headers=NO_STORE)


async def refused_feedback(request: Request, ref: str, lang: str, model: type[BaseModel], fields: dict,
                           exc: Invalid) -> Response:
    """A plain form that does not fit: the questionnaire again with the sentence, or the sentence."""
    if model is SurveyIn:
        found = await run_in_threadpool(services(request).public_ticket, ref, lang)
        if found is not None:
            return HTMLResponse(page.survey_page(found[0], services(request).config.skm, lang, given=fields,
                                                 error=error_text(exc, lang)), 422, headers=NO_STORE)
    return HTMLResponse(page.message_page(error_text(exc, lang), lang, root="../../", back=ref), 422,
                        headers=SECURITY_HEADERS)


async def feedback(request: Request, ref: str, lang: str | None, model: type[BaseModel], keep, thanks: str):
    """Keep a rating or a questionnaire: JSON in, JSON out; a plain form is answered by a
    redirect back to the page, or by a page of one sentence when it is refused."""
    lang = request_lang(request, lang)
    if (refused := limited(request)) is not None:
        return refused
    wants_json, fields = True, {}
    try:
        fields, wants_json = await read_fields(request)
        body = validated(model, fields)
        await run_in_threadpool(keep, services(request), ref, body)
    except NulInField as exc:
        if wants_json and not exc.form:
            return error(400, exc.message, exc.message_en, "error.web.nul")
        return HTMLResponse(page.message_page(error_text(exc, lang), lang, root="../../", back=ref), 400,
                            headers=SECURITY_HEADERS)
    except Invalid as exc:
        if wants_json and not exc.form:
            return error(422, exc.message, exc.message_en, "error.web.invalid")
        return await refused_feedback(request, ref, lang, model, fields, exc)
    except errors.AnjunganError as exc:
        if wants_json:
            raise
        return HTMLResponse(page.message_page(error_text(exc, lang), lang, root="../../",
                                              back=ref if status_of(exc) != 404 else None),
                            status_of(exc), headers=NO_STORE)
    if not wants_json:
        return back_to(ref, lang)
    found = await run_in_threadpool(services(request).public_ticket, ref, lang)
    return JSONResponse({"message": tr(thanks, lang), "ticket": found[0] if found else None},
                        headers={"Cache-Control": "no-store"})


def keep_rating(svc, ref: str, body: RatingIn) -> None:
    svc.rate_by_ref(ref, body.score)


def keep_survey(svc, ref: str, body) -> None:
    doc = body.model_dump()
    svc.survey_by_ref(ref, {c: doc[c] for c in ELEMENTS}, respondent={k: doc[k] for k in RESPONDENT},
                      suggestion=doc["suggestion"])


@router.post("/t/{ref}/rating", tags=["phone"], openapi_extra={**roles(None), **body_doc(RatingIn)},
             responses=FEEDBACK_ANSWERS,
             summary="the one-tap rating of a finished visit, 1–4, once (from the phone page; no token)")
async def rate(request: Request, ref: Ref, lang: Lang = None):
    return await feedback(request, ref, lang, RatingIn, keep_rating, "rating.thanks")


@router.post("/t/{ref}/survey", tags=["phone"], openapi_extra={**roles(None), **body_doc(SurveyIn)},
             responses=FEEDBACK_ANSWERS,
             summary="the full SKM questionnaire of a finished visit, once (from the phone page; no token)")
async def survey(request: Request, ref: Ref, lang: Lang = None):
    return await feedback(request, ref, lang, SurveyIn, keep_survey, "skm.thanks")


@router.get("/t/{ref}/survey", include_in_schema=False)
async def survey_form(request: Request, ref: str, lang: str | None = None):
    lang, refused, found = await look_up(request, ref, lang)
    if refused is not None:
        return refused
    if found is None:
        return HTMLResponse(page.message_page(tr("web.not_found", lang), lang, root="../../"), 404, headers=NO_STORE)
    doc = found[0]
    if not doc.get("rating"):
        return HTMLResponse(page.message_page(tr("web.survey.not_finished", lang), lang, root="../../", back=ref),
                            409, headers=NO_STORE)
    if doc["rating"].get("survey"):
        return HTMLResponse(page.message_page(tr("web.survey.already", lang), lang, root="../../", back=ref),
                            headers=NO_STORE)
    return HTMLResponse(page.survey_page(doc, services(request).config.skm, lang), headers=NO_STORE)


# -- the documentation, from the service itself (no CDN: a branch LAN may have no internet) ----
@router.get("/docs", include_in_schema=False)
def docs(request: Request, lang: str | None = None):
    lang = request_lang(request, lang)
    return HTMLResponse(page.docs_page(request.app.openapi(), lang, services(request).branch.name),
                        headers=SECURITY_HEADERS)

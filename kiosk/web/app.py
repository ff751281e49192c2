"""The ASGI application: the phone status page under `/t/{ref}` and the open API under `/api/v1`.

Every read and write goes through the services (`kiosk.services`); the JSON shapes are the
command line's (`status --json`, `watch --json`, `check --json`, `issue --json`, the counter
actions). Write endpoints, and the reads that show more than one ticket, need a bearer token
whose role may do it (`anjungan token create --role … --name …`); the phone page needs none,
its unguessable reference is the secret, and it is rate-limited per client address. After the
visit the phone page takes the one-tap rating and the full SKM questionnaire at
`/t/{ref}/rating` and `/t/{ref}/survey` (a plain form answered by a redirect back, or JSON).
The documentation at `/docs` is written from the OpenAPI document by the service itself: nothing
is fetched from the internet.
"""
import asyncio
import json
import logging
from urllib.parse import parse_qsl, quote
from contextlib import asynccontextmanager
from enum import Enum
from typing import Annotated, AsyncIterator

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.domain import errors
from kiosk.domain.access import Permission, Role, may
from kiosk.domain.skm import ELEMENTS
from kiosk.domain.catalog import tr
from kiosk.services import Caller, Forbidden, Unauthorized
from kiosk.web import page
from kiosk.web.hub import Hub
from kiosk.web.ratelimit import RateLimiter

log = logging.getLogger("anjungan.web")

KEEPALIVE_S = 15.0
RETRY_MS = 3000
LANGS = ("id", "en")
TEXT = r"^[^\x00-\x1f\x7f]*$"            # one line of text, no control characters
NAME = r"^[\w .:@/-]{1,40}$"
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
}
SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


# --------------------------------------------------------------------------- request bodies

class NikIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32, description="the 16-digit NIK")


class IssueIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32)
    service: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    priority: str | None = Field(None, max_length=40, pattern=r"^[a-z_]+$",
                                 description="priority reason given by staff (lansia, disabilitas, …)")
    assisted: bool = False
    kiosk_id: str = Field("api", pattern=NAME)


class TransferIn(BaseModel):
    to: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    reason: str = Field("", max_length=200, pattern=TEXT)


class BookingIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32)
    service: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    date: str = Field(max_length=10, description="YYYY-MM-DD", examples=["2026-11-23"])
    start: str = Field(max_length=5, description="slot start, 09.30 or 09:30")
    end: str = Field(max_length=5, description="slot end")
    source: str = Field("", max_length=40, pattern=TEXT, description="e.g. Lapak Asik, JMO, phone, counter")
    code: str | None = Field(None, max_length=32, description="the booking system's code (made up when left out)")


class CheckInIn(BaseModel):
    code_or_nik: str = Field(min_length=1, max_length=64, pattern=TEXT)
    walk_in: bool = Field(False, description="an early arrival takes an ordinary ticket instead")
    kiosk_id: str = Field("api", pattern=NAME)


class RatingIn(BaseModel):
    score: int = Field(ge=1, le=4, description="1 Tidak baik, 2 Kurang baik, 3 Baik, 4 Sangat baik")


class SurveyIn(BaseModel):
    """The full SKM questionnaire (PermenPAN-RB 14/2017): the nine elements u1…u9 answered 1–4,
    the optional respondent data (one of the branch's choices, or empty) and a suggestion."""
    u1: int = Field(ge=1, le=4, description="persyaratan")
    u2: int = Field(ge=1, le=4, description="sistem, mekanisme dan prosedur")
    u3: int = Field(ge=1, le=4, description="waktu penyelesaian")
    u4: int = Field(ge=1, le=4, description="biaya/tarif")
    u5: int = Field(ge=1, le=4, description="produk spesifikasi jenis pelayanan")
    u6: int = Field(ge=1, le=4, description="kompetensi pelaksana")
    u7: int = Field(ge=1, le=4, description="perilaku pelaksana")
    u8: int = Field(ge=1, le=4, description="penanganan pengaduan, saran dan masukan")
    u9: int = Field(ge=1, le=4, description="sarana dan prasarana")
    age_group: str | None = Field(None, max_length=40, pattern=TEXT)
    sex: str | None = Field(None, max_length=40, pattern=TEXT)
    education: str | None = Field(None, max_length=40, pattern=TEXT)
    occupation: str | None = Field(None, max_length=40, pattern=TEXT)
    suggestion: str | None = Field(None, max_length=1000)


def _body_doc(model: type[BaseModel]) -> dict:
    """An operation's request body taken as JSON or as a plain HTML form."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}, "application/x-www-form-urlencoded": {"schema": schema}}}}


def _roles(permission: Permission | None) -> dict:
    """The token roles that may call an operation, for the documentation (none: no token)."""
    return {"x-roles": [] if permission is None else [r.value for r in Role if may(r, permission)]}


_FEEDBACK_ANSWERS = {
    200: {"description": "kept; the phone page's view of the ticket (JSON requests)"},
    303: {"description": "kept; back to the phone page (plain form posts)"},
    404: {"description": "no ticket with this reference"},
    409: {"description": "the visit is not finished yet, or was rated already (one per visit)"},
    422: {"description": "an answer that is not 1–4, or a respondent choice the branch does not list"},
    429: {"description": "too many requests from this address"},
}
_MAX_FORM = 16_384


class CounterAction(str, Enum):
    CALL = "call"
    RECALL = "recall"
    SKIP = "skip"
    FINISH = "finish"
    PAUSE = "pause"
    RESUME = "resume"


# --------------------------------------------------------------------------- errors

class _Invalid(Exception):
    """A request body that cannot be read or does not fit its schema (both sentences)."""

    def __init__(self, message: str, message_en: str, form: bool = False):
        super().__init__(message)
        self.message, self.message_en, self.form = message, message_en, form


def _status_of(exc: errors.AnjunganError) -> int:
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


def _error(status: int, message: str, message_en: str, code: str | None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "error_en": message_en, "code": code}, status_code=status, headers=headers)


def _lang(lang: str | None, accept: str | None = None) -> str:
    if lang in LANGS:
        return lang
    return "en" if accept and accept.lower().startswith("en") else "id"


def _sse(doc: dict, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}data: {json.dumps(doc, ensure_ascii=False, default=str)}\n\n"


_VOLATILE = ("event_id", "updated")


def _same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k not in _VOLATILE} == {k: v for k, v in b.items() if k not in _VOLATILE}


# --------------------------------------------------------------------------- the application

def create_app(svc, *, hub: Hub | None = None) -> FastAPI:
    """The web service over `svc` (one `Services`, shared by every request)."""
    hub = hub or Hub(svc)
    web = svc.config.web
    limiter = RateLimiter(web.page_requests_per_min, web.page_burst)
    bearer = HTTPBearer(auto_error=False, description="a token from `anjungan token create`")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        hub.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            await run_in_threadpool(hub.stop)

    app = FastAPI(
        title="Anjungan — branch web service", version="1",
        description=("The branch's queue: status, tickets, the event stream, counters and bookings. The JSON shapes "
                     "are those of the `anjungan` command's `--json` output. Write endpoints and the branch-wide "
                     "reads need `Authorization: Bearer <token>`; each token's role may do only its part "
                     "(display: read; kiosk: check, issue, check in; counter: counter actions, check in, bookings; "
                     "booking: bookings; admin: everything)."),
        lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.hub = hub
    app.state.svc = svc

    # -- errors as sentences ---------------------------------------------------------------
    @app.exception_handler(errors.AnjunganError)
    async def _anjungan_error(_request: Request, exc: errors.AnjunganError):
        status = _status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return _error(status, exc.message, exc.message_en, exc.key, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return _error(422, tr("error.web.invalid", "id", detail=detail), tr("error.web.invalid", "en", detail=detail),
                      "error.web.invalid")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return _error(404, tr("error.web.not_found", "id"), tr("error.web.not_found", "en"), "error.web.not_found")
        return JSONResponse({"error": str(exc.detail), "error_en": str(exc.detail), "code": None},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    # -- who is asking -----------------------------------------------------------------------
    def need(permission: Permission):
        def caller(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller:
            return svc.authorize(credentials.credentials if credentials else None, permission)
        return caller

    def client(request: Request) -> str:
        return request.client.host if request.client else "-"

    def limited(request: Request) -> Response | None:
        if limiter.allow(client(request)):
            return None
        lang = _lang(request.query_params.get("lang"), request.headers.get("accept-language"))
        headers = {"Retry-After": str(limiter.retry_after()), **SECURITY_HEADERS}
        if "text/html" in request.headers.get("accept", "") and "/api/" not in request.url.path:
            root = "../" * max(1, request.url.path.count("/") - 1)
            return HTMLResponse(page.message_page(tr("web.rate_limited", lang), lang, root=root), 429, headers=headers)
        return _error(429, tr("web.rate_limited", "id"), tr("web.rate_limited", "en"), "web.rate_limited", headers)

    # -- the phone page (no token; rate-limited) ---------------------------------------------
    @app.get("/", include_in_schema=False)
    def index(request: Request, lang: str | None = None):
        lang = _lang(lang, request.headers.get("accept-language"))
        return HTMLResponse(page.index_page(svc.branch.name, lang), headers=SECURITY_HEADERS)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"ok": True, "streams": hub.streams, "event_id": hub.last_event_id}

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        if name not in page.ASSETS:
            return _error(404, tr("error.web.not_found", "id"), tr("error.web.not_found", "en"), "error.web.not_found")
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(page.asset(name), media_type=f"{media}; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600", **SECURITY_HEADERS})

    def _public(ref: str, lang: str):
        return svc.public_ticket(ref, lang)

    async def _look_up(request: Request, ref: str, lang: str | None):
        """What every phone route does first: the language, the per-client limit (`refused`, the
        answer to give when over it), then the phone view of the ticket (`found`, None: unknown)."""
        lang = _lang(lang, request.headers.get("accept-language"))
        if (refused := limited(request)) is not None:
            return lang, refused, None
        return lang, None, await run_in_threadpool(_public, ref, lang)

    @app.get("/t/{ref}", include_in_schema=False)
    async def status_page(request: Request, ref: str, lang: str | None = None):
        lang, refused, found = await _look_up(request, ref, lang)
        if refused is not None:
            return refused
        headers = {"Cache-Control": "no-store", **SECURITY_HEADERS}
        if found is None:
            return HTMLResponse(page.message_page(tr("web.not_found", lang), lang), 404, headers=headers)
        return HTMLResponse(page.status_page(found[0], lang), headers=headers)

    @app.get("/t/{ref}/state", include_in_schema=False)
    async def status_state(request: Request, ref: str, lang: str | None = None):
        return await public_ticket(request, ref, lang)

    @app.get("/t/{ref}/events", include_in_schema=False)
    async def status_events(request: Request, ref: str, lang: str | None = None):
        lang, refused, found = await _look_up(request, ref, lang)
        if refused is not None:
            return refused
        if found is None:
            return _error(404, tr("web.not_found", "id"), tr("web.not_found", "en"), "web.not_found")
        return StreamingResponse(_phone_stream(ref, lang, *found), media_type="text/event-stream",
                                 headers=SSE_HEADERS)

    async def _phone_stream(ref: str, lang: str, doc: dict, ticket_id: str) -> AsyncIterator[str]:
        yield f"retry: {RETRY_MS}\n\n" + _sse(doc)
        dynamic = set(svc.phone_dynamic(svc.today(), {"state": doc["state"]}, lang)) | {"event_id"}
        static = {k: v for k, v in doc.items() if k not in dynamic}
        day = doc["service_day"]
        while not hub.closing:
            if not await hub.wait_change(KEEPALIVE_S):
                yield ": keep-alive\n\n"
                continue
            if hub.closing:
                break
            board = hub.board
            entry = board.entries.get(ticket_id) if board is not None and board.day.isoformat() == day else None
            if entry is not None:
                new = {**static, **svc.phone_dynamic(board.day, entry, lang), "event_id": board.event_id}
            elif doc["final"]:
                continue
            else:
                found = await run_in_threadpool(_public, ref, lang)
                if found is None:
                    continue
                new, ticket_id = found
                static = {k: v for k, v in new.items() if k not in dynamic}
                day = new["service_day"]
            if not _same(new, doc):
                doc = new
                yield _sse(doc)

    # -- after the visit: the one-tap rating and the full questionnaire (no token; rate-limited)
    async def _fields(request: Request) -> tuple[dict, bool]:
        """The fields a request carries and whether they came from a plain form (answered by a
        redirect, or a page of one sentence) rather than JSON."""
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        raw = await request.body()
        if len(raw) > _MAX_FORM:
            raise _Invalid(tr("error.web.invalid", "id", detail="body"), tr("error.web.invalid", "en", detail="body"))
        as_json = kind == "application/json" or (not kind and raw[:1] == b"{")
        if as_json:
            try:
                data = json.loads(raw or b"{}")
            except ValueError:
                data = None
            if not isinstance(data, dict):
                raise _Invalid(tr("error.web.invalid", "id", detail="JSON"),
                               tr("error.web.invalid", "en", detail="JSON"))
            return data, True
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=40)
        except (UnicodeDecodeError, ValueError):
            pairs = None
        if pairs is None:
            raise _Invalid(tr("error.web.invalid", "id", detail="form"), tr("error.web.invalid", "en", detail="form"),
                           form=True)
        return dict(pairs), "application/json" in request.headers.get("accept", "")

    def _validated(model: type[BaseModel], fields: dict):
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
            raise _Invalid(*texts) from None

    def _back_to(ref: str, lang: str) -> RedirectResponse:
        return RedirectResponse(f"../{quote(ref, safe='')}?lang={lang}", 303,
                                headers={"Cache-Control": "no-store", **SECURITY_HEADERS})

    async def _feedback(request: Request, ref: str, lang: str | None, model: type[BaseModel], keep, thanks: str):
        """Keep a rating or a questionnaire: JSON in, JSON out; a plain form is answered by a
        redirect back to the page, or by a page of one sentence when it is refused."""
        lang = _lang(lang, request.headers.get("accept-language"))
        if (refused := limited(request)) is not None:
            return refused
        wants_json, fields = True, {}
        try:
            fields, wants_json = await _fields(request)
            body = _validated(model, fields)
            await run_in_threadpool(keep, ref, body)
        except _Invalid as exc:
            if wants_json and not exc.form:
                return _error(422, exc.message, exc.message_en, "error.web.invalid")
            if model is SurveyIn:
                found = await run_in_threadpool(_public, ref, lang)
                if found is not None:
                    return HTMLResponse(page.survey_page(found[0], svc.config.skm, lang, given=fields,
                                                         error=exc.message_en if lang == "en" else exc.message),
                                        422, headers={"Cache-Control": "no-store", **SECURITY_HEADERS})
            return HTMLResponse(page.message_page(exc.message_en if lang == "en" else exc.message, lang,
                                                  root="../../", back=ref), 422, headers=SECURITY_HEADERS)
        except errors.AnjunganError as exc:
            if wants_json:
                raise
            return HTMLResponse(page.message_page(exc.message_en if lang == "en" else exc.message, lang,
                                                  root="../../", back=ref if _status_of(exc) != 404 else None),
                                _status_of(exc), headers={"Cache-Control": "no-store", **SECURITY_HEADERS})
        if not wants_json:
            return _back_to(ref, lang)
        found = await run_in_threadpool(_public, ref, lang)
        return JSONResponse({"message": tr(thanks, lang), "ticket": found[0] if found else None},
                            headers={"Cache-Control": "no-store"})

    Ref = Annotated[str, Path(max_length=64, description="the ticket's status reference (from its QR code)")]
    Lang = Annotated[str | None, Query(pattern="^(id|en)$")]

    @app.post("/t/{ref}/rating", tags=["phone"], openapi_extra={**_roles(None), **_body_doc(RatingIn)},
              responses=_FEEDBACK_ANSWERS,
              summary="the one-tap rating of a finished visit, 1–4, once (from the phone page; no token)")
    async def rate(request: Request, ref: Ref, lang: Lang = None):
        return await _feedback(request, ref, lang, RatingIn, lambda r, b: svc.rate_by_ref(r, b.score),
                               "rating.thanks")

    @app.post("/t/{ref}/survey", tags=["phone"], openapi_extra={**_roles(None), **_body_doc(SurveyIn)},
              responses=_FEEDBACK_ANSWERS,
              summary="the full SKM questionnaire of a finished visit, once (from the phone page; no token)")
    async def survey(request: Request, ref: Ref, lang: Lang = None):
        def keep(r: str, b: SurveyIn) -> None:
            doc = b.model_dump()
            svc.survey_by_ref(r, {c: doc[c] for c in ELEMENTS},
                              respondent={k: doc[k] for k in ("age_group", "sex", "education", "occupation")},
                              suggestion=doc["suggestion"])
        return await _feedback(request, ref, lang, SurveyIn, keep, "skm.thanks")

    @app.get("/t/{ref}/survey", include_in_schema=False)
    async def survey_form(request: Request, ref: str, lang: str | None = None):
        lang, refused, found = await _look_up(request, ref, lang)
        if refused is not None:
            return refused
        headers = {"Cache-Control": "no-store", **SECURITY_HEADERS}
        if found is None:
            return HTMLResponse(page.message_page(tr("web.not_found", lang), lang, root="../../"), 404, headers=headers)
        doc = found[0]
        if not doc.get("rating"):
            return HTMLResponse(page.message_page(tr("web.survey.not_finished", lang), lang, root="../../", back=ref),
                                409, headers=headers)
        if doc["rating"].get("survey"):
            return HTMLResponse(page.message_page(tr("web.survey.already", lang), lang, root="../../", back=ref),
                                headers=headers)
        return HTMLResponse(page.survey_page(doc, svc.config.skm, lang), headers=headers)

    # -- the documentation, from the service itself (no CDN: a branch LAN may have no internet)
    @app.get("/docs", include_in_schema=False)
    def docs(request: Request, lang: str | None = None):
        lang = _lang(lang, request.headers.get("accept-language"))
        return HTMLResponse(page.docs_page(app.openapi(), lang, svc.branch.name), headers=SECURITY_HEADERS)

    # -- the open API ------------------------------------------------------------------------
    @app.get("/api/v1/status", openapi_extra=_roles(Permission.READ), tags=["read"],
             summary="branch status (the `status --json` shape)")
    def status(_caller: Annotated[Caller, Depends(need(Permission.READ))]):
        return svc.status().to_json()

    @app.get("/api/v1/tickets/{ref}", openapi_extra=_roles(None), tags=["read"],
             summary="one ticket by its status reference, as the phone page shows it (no token; no NIK or name)")
    async def public_ticket(request: Request, ref: Annotated[str, Path(max_length=64)],
                            lang: Annotated[str | None, Query(pattern="^(id|en)$")] = None):
        lang, refused, found = await _look_up(request, ref, lang)
        if refused is not None:
            return refused
        if found is None:
            return _error(404, tr("web.not_found", "id"), tr("web.not_found", "en"), "web.not_found")
        return JSONResponse(found[0], headers={"Cache-Control": "no-store"})

    @app.get("/api/v1/events", openapi_extra=_roles(Permission.READ), tags=["read"],
             summary="the event stream (server-sent events; each `data:` is one `watch --json` line)",
             description="Resume with the `Last-Event-ID` header or `?after=ID`; without either the stream starts now.",
             response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}}})
    async def event_stream(_caller: Annotated[Caller, Depends(need(Permission.READ))],
                           after: Annotated[int | None, Query(ge=0)] = None,
                           last_event_id: Annotated[str | None, Header()] = None):
        if after is None and last_event_id and last_event_id.strip().isdigit():
            after = int(last_event_id.strip())
        return StreamingResponse(_event_stream(after), media_type="text/event-stream", headers=SSE_HEADERS)

    async def _event_stream(after: int | None) -> AsyncIterator[str]:
        queue = hub.subscribe()
        try:
            sent = hub.last_event_id if after is None else after
            yield f"retry: {RETRY_MS}\n\n"
            if after is not None:
                while True:
                    backlog = await run_in_threadpool(svc.events_after, sent, 500)
                    for event in backlog:
                        yield _sse(event.to_json(), event.id)
                        sent = event.id
                    if len(backlog) < 500:
                        break
            while True:
                try:
                    events = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if events is None:
                    break
                for event in events:
                    if event.id > sent:
                        yield _sse(event.to_json(), event.id)
                        sent = event.id
        finally:
            hub.unsubscribe(queue)

    @app.post("/api/v1/check", openapi_extra=_roles(Permission.CHECK), tags=["kiosk"],
              summary="check a NIK (the `check --json` shape)")
    def check(body: NikIn, _caller: Annotated[Caller, Depends(need(Permission.CHECK))]):
        return svc.check(body.nik).to_json()

    @app.post("/api/v1/tickets", openapi_extra=_roles(Permission.ISSUE), tags=["kiosk"], status_code=201,
              summary="issue a ticket (the `issue --json` shape)")
    def issue(body: IssueIn, caller: Annotated[Caller, Depends(need(Permission.ISSUE))]):
        return svc.issue(body.nik, body.service, priority_reason=body.priority, assisted=body.assisted,
                         kiosk_id=body.kiosk_id).to_json()

    @app.post("/api/v1/check-in", openapi_extra=_roles(Permission.CHECK_IN), tags=["kiosk"],
              summary="check a booking in by its code (typed or scanned) or the NIK of today's booking")
    def check_in(body: CheckInIn, _caller: Annotated[Caller, Depends(need(Permission.CHECK_IN))]):
        return svc.check_in(body.code_or_nik, kiosk_id=body.kiosk_id, walk_in=body.walk_in).to_json()

    Counter = Annotated[int, Path(ge=1, le=999)]

    @app.get("/api/v1/counters/{counter}", openapi_extra=_roles(Permission.READ), tags=["counter"],
             summary="the counter's current ticket and its waiting list in call order")
    def counter_view(counter: Counter, _caller: Annotated[Caller, Depends(need(Permission.READ))]):
        spec = svc.counter_spec(counter)
        current = svc.current_ticket(counter)
        return {"counter": counter, "ticket": current.to_json() if current else None,
                "waiting": [t.to_json() for t in svc.waiting(spec.services)]}

    @app.post("/api/v1/counters/{counter}/transfer", openapi_extra=_roles(Permission.COUNTER), tags=["counter"],
              summary="send the current ticket to another service (`transfer --json`)")
    def transfer(counter: Counter, body: TransferIn, _caller: Annotated[Caller, Depends(need(Permission.COUNTER))]):
        view = svc.transfer(counter, body.to, body.reason)
        return {"ticket": view.to_json() if view else None}

    @app.post("/api/v1/counters/{counter}/{action}", openapi_extra=_roles(Permission.COUNTER), tags=["counter"],
              summary="call (next by the fairness rule), recall, skip, finish, pause or resume (`call --json` …)")
    def counter_action(counter: Counter, action: CounterAction,
                       _caller: Annotated[Caller, Depends(need(Permission.COUNTER))]):
        if action in (CounterAction.PAUSE, CounterAction.RESUME):
            getattr(svc, action.value)(counter)
            return {"counter": counter, "paused": action is CounterAction.PAUSE}
        view = getattr(svc, "call_next" if action is CounterAction.CALL else action.value)(counter)
        return {"ticket": view.to_json() if view else None}

    @app.get("/api/v1/bookings", openapi_extra=_roles(Permission.READ_BOOKINGS), tags=["bookings"],
             summary="the bookings of a day (default today), slot order")
    def bookings(_caller: Annotated[Caller, Depends(need(Permission.READ_BOOKINGS))],
                 date: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
                 service: Annotated[str | None, Query(max_length=16, pattern=r"^[A-Za-z0-9_]+$")] = None):
        return {"bookings": svc.bookings_of(date, service)}

    @app.get("/api/v1/bookings/{code}", openapi_extra=_roles(Permission.READ_BOOKINGS), tags=["bookings"],
             summary="one booking")
    def booking(code: Annotated[str, Path(max_length=64)],
                _caller: Annotated[Caller, Depends(need(Permission.READ_BOOKINGS))]):
        return svc.booking(code)

    @app.post("/api/v1/bookings", openapi_extra=_roles(Permission.BOOK), tags=["bookings"], status_code=201,
              summary="make a booking, or change the one with this code (200)")
    def make_booking(body: BookingIn, _caller: Annotated[Caller, Depends(need(Permission.BOOK))]):
        doc, new = svc.book(body.nik, body.service, body.date, body.start, body.end, source=body.source,
                            code=body.code)
        return JSONResponse(doc, status_code=201 if new else 200)

    @app.delete("/api/v1/bookings/{code}", openapi_extra=_roles(Permission.BOOK), tags=["bookings"],
                summary="cancel a booking")
    def cancel_booking(code: Annotated[str, Path(max_length=64)],
                       _caller: Annotated[Caller, Depends(need(Permission.BOOK))]):
        return svc.cancel_booking(code)

    return app

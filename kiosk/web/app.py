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

The routes are named functions in two routers: `kiosk.web.phone` (the participant's pages) and
`kiosk.web.api` (the API); what they share is in `kiosk.web.common`.
"""
import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.domain import errors
from kiosk.domain.catalog import tr
from kiosk.web import api, metrics, phone
from kiosk.web.common import error, keyed_error, status_of
from kiosk.web.guard import loop_errors
from kiosk.web.hub import Hub
from kiosk.web.ratelimit import RateLimiter

log = logging.getLogger("anjungan.web")

DESCRIPTION = ("The branch's queue: status, tickets, the event stream, counters and bookings. The JSON shapes "
               "are those of the `anjungan` command's `--json` output. Write endpoints and the branch-wide "
               "reads need `Authorization: Bearer <token>`; each token's role may do only its part "
               "(display: read; kiosk: check, issue, check in; counter: counter actions, check in, bookings; "
               "booking: bookings; admin: everything).")


@asynccontextmanager
async def lifespan(app: FastAPI):
    hub = app.state.hub
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(loop_errors)         # one line, no traceback per failed connection
    hub.start(loop)
    try:
        yield
    finally:
        await run_in_threadpool(hub.stop)


async def anjungan_error(_request: Request, exc: errors.AnjunganError):
    """A failure of the application: its two sentences and its key, with the fitting status."""
    status = status_of(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error(status, exc.message, exc.message_en, exc.key, headers)


async def invalid_request(_request: Request, exc: RequestValidationError):
    detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
    return error(422, tr("error.web.invalid", "id", detail=detail), tr("error.web.invalid", "en", detail=detail),
                 "error.web.invalid")


async def http_error(_request: Request, exc: StarletteHTTPException):
    if exc.status_code == 404:
        return keyed_error(404, "error.web.not_found")
    return JSONResponse({"error": str(exc.detail), "error_en": str(exc.detail), "code": None},
                        status_code=exc.status_code, headers=getattr(exc, "headers", None))


def create_app(svc, *, hub: Hub | None = None) -> FastAPI:
    """The web service over `svc` (one `Services`, shared by every request)."""
    web = svc.config.web
    app = FastAPI(title="Anjungan — branch web service", version="1", description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.svc = svc
    app.state.hub = hub or Hub(svc)
    app.state.limiter = RateLimiter(web.page_requests_per_min, web.page_burst)
    app.add_exception_handler(errors.AnjunganError, anjungan_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.include_router(phone.router)
    app.include_router(api.router)
    app.include_router(metrics.router)
    return app

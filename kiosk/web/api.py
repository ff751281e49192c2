"""The open API under `/api/v1`: status, tickets, the event stream, counters and bookings.

The JSON shapes are the command line's (`status --json`, `watch --json`, `check --json`,
`issue --json`, the counter actions). Every operation but the one-ticket read needs a bearer
token whose role may do it (`anjungan token create --role … --name …`).
"""

import asyncio
import time
from typing import Annotated, AsyncIterator

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials

from kiosk.domain.access import Permission
from kiosk.domain.counter import CounterAction
from kiosk.domain.missed import Previous
from kiosk.services import Caller, counter_act
from kiosk.web.common import (
    KEEPALIVE_S, RETRY_MS, SSE_HEADERS, answers, bearer, hub_of, keyed_error, need, roles, services, sse,
)
from kiosk.web.models import BookingIn, CheckInIn, IssueIn, NikIn, TransferIn
from kiosk.web.phone import phone_json

router = APIRouter(prefix="/api/v1")
TOKEN_RECHECK_S = 2.0          # an open event stream asks again this often whether its token still holds

Counter = Annotated[int, Path(ge=1, le=999)]
EVENT_PAGE = 500


def may(permission: Permission):
    """The caller, when its token may do `permission` (401/403 otherwise)."""
    return Annotated[Caller, Depends(need(permission))]


@router.get("/status", openapi_extra=roles(Permission.READ), tags=["read"], responses=answers(401, 403, 503),
            summary="branch status (the `status --json` shape)")
def status(request: Request, _caller: may(Permission.READ)):
    return services(request).status().to_json()


@router.get("/tickets/{ref}", openapi_extra=roles(None), tags=["read"], responses=answers(404, 429, 503),
            summary="one ticket by its status reference, as the phone page shows it (no token; no NIK or name)")
async def public_ticket(request: Request, ref: Annotated[str, Path(max_length=64)],
                        lang: Annotated[str | None, Query(pattern="^(id|en)$")] = None):
    return await phone_json(request, ref, lang)


@router.get("/events", openapi_extra=roles(Permission.READ), tags=["read"],
            summary="the event stream (server-sent events; each `data:` is one `watch --json` line)",
            description="Resume with the `Last-Event-ID` header or `?after=ID`; without either the stream starts now.",
            response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}, **answers(401, 403, 503)})
async def event_stream(request: Request, _caller: may(Permission.READ),
                       credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                       after: Annotated[int | None, Query(ge=0)] = None,
                       last_event_id: Annotated[str | None, Header()] = None):
    if after is None and last_event_id and last_event_id.strip().isdigit():
        after = int(last_event_id.strip())
    secret = credentials.credentials if credentials else ""
    return StreamingResponse(events_after(request, after, secret), media_type="text/event-stream",
                             headers=SSE_HEADERS)


async def events_after(request: Request, after: int | None, secret: str) -> AsyncIterator[str]:
    """Every event after `after` (the backlog from the store first), then each as it comes, while
    the stream's token holds: a revoked token's stream ends within `TOKEN_RECHECK_S` seconds."""
    svc, hub = services(request), hub_of(request)
    queue = hub.subscribe()
    try:
        sent = hub.last_event_id if after is None else after
        yield f"retry: {RETRY_MS}\n\n"
        if after is not None:
            while True:
                backlog = await run_in_threadpool(svc.events_after, sent, EVENT_PAGE)
                for event in backlog:
                    yield sse(event.to_json(), event.id)
                    sent = event.id
                if len(backlog) < EVENT_PAGE:
                    break
        quiet_since = time.monotonic()
        while True:
            try:
                events = await asyncio.wait_for(queue.get(), TOKEN_RECHECK_S)
            except asyncio.TimeoutError:
                events = ()
            if not await hub.allowed(secret, Permission.READ, TOKEN_RECHECK_S):
                refused = keyed_error(401, "error.token.invalid").body.decode("utf-8")
                yield f"event: error\ndata: {refused}\n\n"
                break
            if events is None:
                break
            if not events:
                if time.monotonic() - quiet_since >= KEEPALIVE_S:
                    quiet_since = time.monotonic()
                    yield ": keep-alive\n\n"
                continue
            for event in events:
                if event.id > sent:
                    yield sse(event.to_json(), event.id)
                    sent = event.id
    finally:
        hub.unsubscribe(queue)


@router.post("/check", openapi_extra=roles(Permission.CHECK), tags=["kiosk"], responses=answers(401, 403, 503),
             summary="check a NIK (the `check --json` shape)")
def check(request: Request, body: NikIn, _caller: may(Permission.CHECK)):
    return services(request).check(body.nik).to_json()


@router.post("/tickets", openapi_extra=roles(Permission.ISSUE), tags=["kiosk"], status_code=201,
             responses=answers(401, 403, 404, 409, 503),
             summary="issue a ticket (the `issue --json` shape)")
def issue(request: Request, body: IssueIn, caller: may(Permission.ISSUE)):
    return services(request).issue(body.nik, body.service, priority_reason=body.priority, assisted=body.assisted,
                                   kiosk_id=body.kiosk_id).to_json()


@router.post("/check-in", openapi_extra=roles(Permission.CHECK_IN), tags=["kiosk"],
             responses=answers(401, 403, 404, 409, 503),
             summary="check a booking in by its code (typed or scanned) or the NIK of today's booking")
def check_in(request: Request, body: CheckInIn, _caller: may(Permission.CHECK_IN)):
    return services(request).check_in(body.code_or_nik, kiosk_id=body.kiosk_id, walk_in=body.walk_in).to_json()


@router.get("/counters/{counter}", openapi_extra=roles(Permission.READ), tags=["counter"],
            responses=answers(401, 403, 404, 503),
            summary="the counter's current ticket and its waiting list in call order")
def counter_view(request: Request, counter: Counter, _caller: may(Permission.READ)):
    svc = services(request)
    spec = svc.counter_spec(counter)
    current = svc.current_ticket(counter)
    return {"counter": counter, "ticket": current.to_json() if current else None,
            "waiting": [t.to_json() for t in svc.waiting(spec.services)]}


@router.post("/counters/{counter}/transfer", openapi_extra=roles(Permission.COUNTER), tags=["counter"],
             responses=answers(401, 403, 404, 409, 503),
             summary="send the current ticket to another service (`transfer --json`)")
def transfer(request: Request, counter: Counter, body: TransferIn, _caller: may(Permission.COUNTER)):
    view = services(request).transfer(counter, body.to, body.reason)
    return {"ticket": view.to_json() if view else None}


@router.post("/counters/{counter}/{action}", openapi_extra=roles(Permission.COUNTER), tags=["counter"],
             responses=answers(401, 403, 404, 409, 503),
             summary="call (next by the fairness rule), recall, skip, finish, pause or resume (`call --json` …)")
def counter_action(request: Request, counter: Counter, action: CounterAction, _caller: may(Permission.COUNTER),
                   previous: Annotated[Previous | None, Query(
                       description="call only (`call --previous`): what became of the called ticket that was never "
                                   "started: `done` (served) or `no-show` (absent, after the branch's grace)")] = None):
    if action is CounterAction.CALL and previous is not None:
        view = services(request).call_next(counter, previous.value)
        return {"ticket": view.to_json() if view else None}
    result = counter_act(services(request), action, counter)
    if action.pauses:
        return {"counter": counter, "paused": result}
    return {"ticket": result.to_json() if result else None}


@router.get("/bookings", openapi_extra=roles(Permission.READ_BOOKINGS), tags=["bookings"],
            responses=answers(401, 403, 404, 503),
            summary="the bookings of a day (default today), slot order")
def bookings(request: Request, _caller: may(Permission.READ_BOOKINGS),
             date: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
             service: Annotated[str | None, Query(max_length=16, pattern=r"^[A-Za-z0-9_]+$")] = None):
    return {"bookings": services(request).bookings_of(date, service)}


@router.get("/bookings/{code}", openapi_extra=roles(Permission.READ_BOOKINGS), tags=["bookings"],
            responses=answers(401, 403, 404, 503),
            summary="one booking")
def booking(request: Request, code: Annotated[str, Path(max_length=64)], _caller: may(Permission.READ_BOOKINGS)):
    return services(request).booking(code)


@router.post("/bookings", openapi_extra=roles(Permission.BOOK), tags=["bookings"], status_code=201,
             responses=answers(401, 403, 404, 409, 503),
             summary="make a booking, or change the one with this code (200)")
def make_booking(request: Request, body: BookingIn, _caller: may(Permission.BOOK)):
    doc, new = services(request).book(body.nik, body.service, body.date, body.start, body.end, source=body.source,
                                      code=body.code)
    return JSONResponse(doc, status_code=201 if new else 200)


@router.delete("/bookings/{code}", openapi_extra=roles(Permission.BOOK), tags=["bookings"],
               responses=answers(401, 403, 404, 409, 503),
               summary="cancel a booking")
def cancel_booking(request: Request, code: Annotated[str, Path(max_length=64)], _caller: may(Permission.BOOK)):
    return services(request).cancel_booking(code)

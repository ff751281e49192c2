"""The participant rates the visit: the one-tap rating, the full SKM questionnaire, and paper
questionnaires from a CSV file.

A rating belongs to a finished visit, once: a ticket transferred on is rated as the ticket it
became. Questionnaires keep the nine answers and the optional respondent data the regulation
lists (age group, sex, education, occupation) and a suggestion; never a name or a NIK (a NIK
typed into a suggestion is masked).
"""
from __future__ import annotations

import csv
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, time as clock
from pathlib import Path
from typing import Mapping

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.config.reports import RESPONDENT_FIELDS
from kiosk.domain import errors, skm
from kiosk.domain.catalog import ByLanguage, msgid, pair, tr
from kiosk.domain.imports import ImportRecord, content_identity, form_identity, form_number
from kiosk.domain.privacy import mask_id_numbers
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import is_status_ref, status_ref_from, ticket_id_from
from kiosk.domain.ticket import EventKind, Ticket

SOURCES = ("counter", "kiosk", "cli", "web", "rating", "paper")
SUGGESTION_MAX = 1000
CSV_REQUIRED = ("date", "service", *skm.ELEMENTS)


def mask_numbers(text: str) -> str:
    """A suggestion with every number that could be a NIK or a card number masked (the domain's rule)."""
    return mask_id_numbers(text)


@dataclass(frozen=True)
class RatingView:
    ticket_id: str
    number: str
    service: str
    counter: int | None
    score: int

    def to_json(self) -> dict:
        return {"ticket_id": self.ticket_id, "number": self.number, "service": self.service,
                "counter": self.counter, "score": self.score, "word": tr(skm.SCORE_NAMES[self.score], "id"),
                "word_en": tr(skm.SCORE_NAMES[self.score], "en")}


@dataclass(frozen=True)
class SurveyRowError:
    line: int
    reason: str
    reason_en: str


@dataclass(frozen=True)
class SurveyImport:
    imported: int
    rejected: tuple[SurveyRowError, ...]
    seconds: float
    known: int = 0                          # numbered forms an earlier import kept already
    already: ImportRecord | None = None     # the file was imported before: nothing counted now

    def to_json(self, limit: int = 1000) -> dict:
        return {"imported": self.imported, "rejected": len(self.rejected), "seconds": round(self.seconds, 2),
                "known": self.known, "already_imported": self.already.to_json() if self.already else None,
                "errors": [{"line": e.line, "reason": e.reason, "reason_en": e.reason_en}
                           for e in self.rejected[:limit]]}


def _score(value) -> int:
    try:
        return skm.valid_score(value)
    except skm.SurveyError:
        raise errors.AnjunganError.of("error.rating.score", value=value) from None


def rate(app: AppCore, reference: str, score, source: str = "counter") -> RatingView:
    """Record the one-tap rating (1–4) of a finished visit, by ticket id or scanned QR (the
    ticket's reference or its status-page address)."""
    score = _score(score)
    if source not in SOURCES:
        raise ValueError(f"unknown rating source {source!r}")
    if ticket_id_from(reference or "") is None and status_ref_from(reference or "") is None:
        raise errors.UnknownTicket.of("error.ticket.unreadable")
    now = app.now()
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        ticket = queries.ticket_of_reference(app, uow, reference)
        if ticket is None:
            raise errors.UnknownTicket.of("error.ticket.unknown", ticket_id=ticket_id_from(reference) or "?")
        if ticket.state is not TicketState.DONE:
            raise errors.IllegalTransition.of("error.rating.not_finished", number=ticket.number)
        if not uow.reports.add_rating(ticket, score, source, now):
            raise errors.IllegalTransition.of("error.rating.twice", number=ticket.number)
        uow.queue.add_event(now, EventKind.RATED, ticket=ticket, counter=ticket.counter,
                    data={"score": score, "source": source})
    app.publish_after(first)
    return RatingView(ticket.ticket_id, ticket.number, ticket.service, ticket.counter, score)


def rating_target(app: AppCore, reference: str) -> tuple[str, str] | None:
    """(ticket id, number) of the finished, not yet rated visit a scanned ticket belongs to."""
    with app.uow(write=False) as uow:
        ticket = queries.ticket_of_reference(app, uow, reference)
        if ticket is None:
            return None
        if ticket.state is not TicketState.DONE or uow.reports.rating_of(ticket.ticket_id) is not None:
            return None
        return ticket.ticket_id, ticket.number


def rating_of(app: AppCore, ticket_id: str) -> int | None:
    with app.uow(write=False) as uow:
        ticket = uow.queue.ticket(ticket_id)
        if ticket is None:
            return None
        return uow.reports.rating_of(queries.final_ticket(app, uow, ticket).ticket_id)


def _respondent(app: AppCore, given: Mapping | None) -> dict:
    out = {}
    for name in RESPONDENT_FIELDS:
        value = (given or {}).get(name)
        value = value.strip() if isinstance(value, str) else value
        if not value:
            out[name] = None
            continue
        choices = app.config.skm.choices(name)
        match = next((c for c in choices if c.casefold() == str(value).casefold()), None)
        if match is None:
            raise skm.SurveyError(msgid("skm.error.choice"), field=name, value=value, choices=", ".join(choices))
        out[name] = match
    return out


def _survey_row(app: AppCore, answers: Mapping, respondent: Mapping | None, suggestion: str | None, **where) -> dict:
    text = mask_numbers((suggestion or "").replace("\x00", "").strip())[:SUGGESTION_MAX] or None
    return {"answers": skm.answers_of(answers), **_respondent(app, respondent), "suggestion": text, **where}


def submit_survey(app: AppCore, answers: Mapping, *, ticket_id: str | None = None, service: str | None = None,
                  respondent: Mapping | None = None, suggestion: str | None = None,
                  source: str = "kiosk") -> int:
    """Keep one full SKM questionnaire (nine answers 1–4); returns its event id."""
    now = app.now()
    try:
        row = _survey_row(app, answers, respondent, suggestion, source=source, at=now)
    except skm.SurveyError as exc:
        raise errors.AnjunganError.of("error.skm.answer", reason=ByLanguage(*pair(exc.key, **exc.params))) \
            from None
    code = app.service_spec(service).code if service else None
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        store = uow.reports
        ticket = None
        if ticket_id:
            ticket = queries.final_ticket(app, uow, queries.ticket_or_fail(app, uow, ticket_id_from(ticket_id) or ticket_id))
            if store.survey_of_ticket(ticket.ticket_id):
                raise errors.IllegalTransition.of("error.rating.twice", number=ticket.number)
        row.update(service_day=ticket.service_day if ticket else app.today(),
                   service=ticket.service if ticket else code, counter=ticket.counter if ticket else None,
                   ticket_id=ticket.ticket_id if ticket else None)
        store.add_surveys([row])
        event_id = uow.queue.add_event(now, EventKind.SURVEYED, ticket=ticket, service=row["service"],
                               counter=row["counter"], data={"answers": list(row["answers"]), "source": source})
    app.publish_after(first)
    return event_id


def _visit_of_ref(app: AppCore, ref: str) -> Ticket:
    """The finished visit a status reference stands for (the ticket a transfer led to);
    UnknownTicket for an unknown reference, IllegalTransition for a visit not finished yet."""
    if not is_status_ref(ref or ""):
        raise errors.UnknownTicket.of("web.not_found")
    with app.uow(write=False) as uow:
        ticket = queries.ticket_of_ref(app, uow, ref)
    if ticket is None:
        raise errors.UnknownTicket.of("web.not_found")
    if ticket.state is not TicketState.DONE:
        raise errors.IllegalTransition.of("error.rating.not_finished", number=ticket.number)
    return ticket


def rate_by_ref(app: AppCore, ref: str, score) -> RatingView:
    """The one-tap rating from the phone page: once per finished visit."""
    score = _score(score)
    return rate(app, _visit_of_ref(app, ref).ticket_id, score, source="web")


def survey_by_ref(app: AppCore, ref: str, answers: Mapping, *, respondent: Mapping | None = None,
                  suggestion: str | None = None) -> int:
    """The full questionnaire from the phone page: once per finished visit."""
    ticket = _visit_of_ref(app, ref)
    return submit_survey(app, answers, ticket_id=ticket.ticket_id, respondent=respondent, suggestion=suggestion,
                              source="web")


def import_skm_csv(app: AppCore, path) -> SurveyImport:
    """Paper questionnaires: header `date,service,u1,…,u9` (+ counter, age_group, sex, education,
    occupation, suggestion, and the form's own number `no`). Good rows are kept; bad rows come back
    by line. The rows and the note of the file are kept in one transaction: a file imported again
    (after a power cut before its output, or by mistake) counts nothing and says so, and a
    numbered form an earlier file kept is not counted again (kiosk/domain/imports.py)."""
    started = time.perf_counter()
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise errors.AnjunganError.of("error.file.not_found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.AnjunganError.of("error.file.problem", path=path, problem=str(exc)) from None
    lines = raw.splitlines()
    if not lines or not lines[0].strip():
        raise _file_error(app, path, msgid("error.skm.empty"))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise _file_error(app, path, msgid("error.skm.header"), columns=",".join(CSV_REQUIRED), missing=",".join(missing))
    rows, rejected, data = [], [], 0
    records = list(reader)
    identity = content_identity([header, *records])
    for line, values in enumerate(records, start=2):
        if not any(v.strip() for v in values):
            continue
        data += 1
        record = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}
        try:
            rows.append(_paper_row(app, record))
        except skm.SurveyError as exc:
            rejected.append(SurveyRowError(line, *pair(exc.key, **exc.params)))
        except errors.AnjunganError as exc:
            rejected.append(SurveyRowError(line, exc.message, exc.message_en))
    with app.uow() as uow:
        known = uow.imports.get("skm", identity)
        if known is not None:
            return SurveyImport(0, (), time.perf_counter() - started, already=replace(known, at=app.local(known.at)))
        kept_forms = uow.imports.known_forms([r["row_key"] for r in rows if r["row_key"]])
        fresh, seen = [], set()
        for row in rows:
            if row["row_key"] in kept_forms or row["row_key"] in seen:
                continue
            if row["row_key"]:
                seen.add(row["row_key"])
            fresh.append(row)
        if fresh:
            uow.reports.add_surveys(fresh)
        uow.imports.add(ImportRecord("skm", identity, Path(path).name, data, len(fresh), app.now()))
    return SurveyImport(len(fresh), tuple(rejected), time.perf_counter() - started, known=len(rows) - len(fresh))


def _file_error(app: AppCore, path, key: str, **params) -> errors.AnjunganError:
    return errors.AnjunganError.of("error.skm.file", path=path, problem=ByLanguage(*pair(key, **params)))


def _paper_row(app: AppCore, record: dict) -> dict:
    day = _parse_day(record.get("date", ""))
    code = record.get("service") or ""
    service = None
    if code:
        spec = app.branch.service(code)
        if spec is None:
            raise skm.SurveyError(msgid("error.skm.service"), value=code)
        service = spec.code
    counter = None
    if record.get("counter"):
        try:
            counter = app.counter_spec(int(record["counter"])).number
        except ValueError:
            raise errors.UnknownCounter.of("error.counter.unknown", number=record["counter"],
                                           known=", ".join(str(c.number) for c in app.branch.counters)) from None
    at = datetime.combine(day, clock(12, 0), tzinfo=app.tz)
    number = form_number(record)
    return _survey_row(app, record, record, record.get("suggestion"), service_day=day, service=service,
                       counter=counter, ticket_id=None, source="paper", at=at,
                       row_key=form_identity(day, service, number) if number else None)


def _parse_day(text: str) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise skm.SurveyError(msgid("error.skm.date"), value=text)

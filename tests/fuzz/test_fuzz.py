"""Fuzzing the inputs a person or another program hands the product: participant files,
configuration files, command lines and printer addresses (tests/fuzz/checks.py says what each
must do). The default run tries a few hundred inputs of each kind; the long run
(`.venv/bin/python -m tests.bench.soak_fuzz`, ≥ 100,000 inputs) uses the same checks and
reports tracebacks, hangs and half-written changes.

`ANJUNGAN_FUZZ_SCALE=N` multiplies the number of examples.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kiosk.config.loader import default_config_path
from tests.conftest import made_sqlite
from tests.fuzz import checks

SCALE = float(os.environ.get("ANJUNGAN_FUZZ_SCALE", "1"))


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


FUZZ = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=SCALE == 1)
GOOD_NIKS = ["3171011708450001", "3171015708450001", "3171012902001234", "7105100607610439"]
BAD_NIKS = ["9971011708450001", "3171013002001234", "317101170845000", "3,17E+15", "", "x" * 40]
WORDS = st.sampled_from(["active", "aktif", "inactive", "unpaid", "deceased", "other: Pensiun", "sleeping", "",
                         "PU", "BPU", "JHT;JKK", "2026-10", "1945-08-17", "2026-13", "\x00", "José", "ß" * 3,
                         "A" * 201, "x" * 140_000, '"', '""', "\r\n", ";", ",", "\ufeff", "\ud7ff", "\x85"])
FIELD = st.one_of(WORDS, st.sampled_from(GOOD_NIKS + BAD_NIKS), st.text(max_size=30))


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";"]))
    header = draw(st.sampled_from([["nik", "name", "status", "segment", "programs"],
                                   ["nik", "name", "status", "segment", "programs", "birth_date", "last_paid"],
                                   ["NIK", "Name", "Status", "Segment", "Programs", "card_number"],
                                   ["nik", "name"], []]))
    rows = draw(st.lists(st.lists(FIELD, min_size=0, max_size=len(header) + 2), max_size=8))
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"]))
    data = text.encode(encoding, errors="replace") if encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le") \
        else text.encode(encoding, errors="surrogatepass")
    mangle = draw(st.sampled_from(["none", "none", "prefix", "cut", "binary"]))
    if mangle == "prefix":
        data = draw(st.binary(max_size=16)) + data
    elif mangle == "cut":
        data = data[: draw(st.integers(0, max(0, len(data))))]
    elif mangle == "binary":
        data = draw(st.binary(max_size=300))
    return data


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="anjungan-fuzz-") as d:
        yield Path(d)


@settings(max_examples=examples(300), **FUZZ)
@given(data=csv_files(), encoding=st.sampled_from([None, None, "cp1252", "latin-1", "utf-16", "nonsense"]))
def test_reading_any_participant_file(folder, data, encoding):
    checks.check_csv_bytes(data, folder, encoding)


@pytest.fixture(scope="module")
def import_svc(folder):
    from kiosk.services import open_services

    os.environ.setdefault("ANJUNGAN_NOW", "2026-11-23T09:00:00+07:00")
    svc = open_services(db_url=f"sqlite:///{folder / 'import.sqlite'}")
    yield svc
    svc.close()


@settings(max_examples=examples(60), **FUZZ)
@given(data=csv_files(), strict=st.booleans())
def test_importing_any_participant_file_writes_all_good_rows_or_nothing(import_svc, folder, data, strict):
    checks.check_csv_import(import_svc, data, folder, strict)


DEFAULT_TEXT = default_config_path().read_text(encoding="utf-8")
TOML_VALUES = st.sampled_from(['""', "0", "-1", "1e999", "true", "[]", "{}", '"x"', "[[1]]", '"preview://../x"',
                               '"file:///etc/passwd"', '"pbkdf2$10000000000000$abab$cd"', '"http://10.0.0.1/x"',
                               "1979-05-27", "12:00:00", '"\\u0000"', "[" * 300 + "]" * 300, '"' + "A" * 5000 + '"'])


@st.composite
def config_texts(draw) -> str:
    kind = draw(st.sampled_from(["mutate", "mutate", "mutate", "random", "deep"]))
    if kind == "random":
        return draw(st.text(max_size=300))
    if kind == "deep":
        depth = draw(st.integers(100, 6000))
        return "x = " + "[" * depth + "1" + "]" * depth + "\n"
    lines = DEFAULT_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        if " = " in lines[i] and not lines[i].lstrip().startswith("#"):
            key = lines[i].split(" = ", 1)[0]
            lines[i] = f"{key} = {draw(TOML_VALUES)}"
        else:
            lines.insert(i, draw(st.sampled_from(["[kiosk]", "[printer]", "profile = \"NOPE\"", "extends = \"x\"",
                                                  "[[services]]", "allow_plain_http = true", "x = 1"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(150), **FUZZ)
@given(text=config_texts())
def test_reading_any_configuration(text):
    checks.check_config_text(text)


NAMES = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@st.composite
def printer_urls(draw, folder: Path) -> str:
    scheme = draw(st.sampled_from(["tcp", "usb", "serial", "file", "cups", "preview", "dummy", "lpt", "", "FILE"]))
    rest = draw(st.one_of(
        st.sampled_from(["", "/", "//", "..", "../x", "a/../../b", "%2e%2e/x", "/dev/null", "localhost:99999",
                         "04b8:0e15", "zz:01", "[::1]:9100", "\x00", "%00", "?status=0", "?baudrate=x"]),
        NAMES.map(lambda n: f"{folder}/{n}"),
        NAMES.map(lambda n: f"{folder}/existing.conf{n}"),
        NAMES))
    sep = draw(st.sampled_from(["://", ":/", ":", "://"]))
    return f"{scheme}{sep}{rest}"


@pytest.fixture(scope="module")
def printer_folder(folder):
    place = folder / "printer"
    place.mkdir(exist_ok=True)
    (place / "existing.conf").write_text("keep = 1\n")
    return place


@settings(max_examples=examples(300), **FUZZ)
@given(data=st.data())
def test_any_printer_address(printer_folder, data):
    checks.check_printer_url(data.draw(printer_urls(printer_folder)), printer_folder)


ARG = st.one_of(st.sampled_from(GOOD_NIKS + BAD_NIKS), st.sampled_from(["INFO", "JHT", "XX", "", "--json", "-1",
                                                                        "0", "1", "99999", "A-001", "\x00"]),
                st.text(max_size=10))
COMMANDS = st.sampled_from([
    ["check"], ["issue", "--nik"], ["issue", "--service", "INFO", "--nik"], ["call", "--counter"],
    ["recall", "--counter"], ["skip", "--counter"], ["finish", "--counter"], ["pause", "--counter"],
    ["resume", "--counter"], ["transfer", "--counter", "1", "--to"], ["status"], ["status", "--json"],
    ["ticket", "reprint"], ["purge"], ["participants", "import"], ["participants", "demo", "--count"],
    ["printer", "status", "--printer"], ["printer", "test", "--printer"], ["watch", "--count", "0"],
    ["watch", "--count"], ["db", "upgrade"], ["staff", "set-pin", "--role"], ["db", "roles", "--prefix"],
    ["announce", "--text", "--counter", "1"], ["nonsense"], [],
])


@pytest.fixture(scope="module")
def cli_folder(folder):
    place = folder / "cli"
    place.mkdir(exist_ok=True)
    checks.apply_environment(place)
    made_sqlite(place / "queue.sqlite")         # a branch's store, made as the branch makes it (db upgrade)
    return place


@settings(max_examples=examples(120), **FUZZ)
@given(command=COMMANDS, args=st.lists(ARG, max_size=3))
def test_any_command_line(cli_folder, command, args):
    argv = [*command, *args]
    if argv[:2] == ["watch", "--count"] and (len(argv) < 3 or argv[2] != "0"):
        argv = ["watch", "--count", "0"]            # a stream waits for events: only its refusals here
    if argv[:2] == ["printer", "test"] or argv[:2] == ["printer", "status"]:
        argv = [a if not a.startswith(("file:", "serial:")) else "dummy://" for a in argv]
    if argv[:1] == ["staff"]:
        argv = [*argv, "--pin-from-env"]               # never a prompt
    checks.check_cli(argv, cli_folder / "queue.sqlite")

"""One catalog for every user-facing sentence: each key the code uses exists in Indonesian and
English with the same placeholders, and no sentence is left as a literal where errors are made."""
from __future__ import annotations

import ast
import importlib
import re
import string
from collections import defaultdict
from pathlib import Path

import pytest

import kiosk
from kiosk.cli import UserError
from kiosk.domain import errors
from kiosk.domain.catalog import _MODULES, ByLanguage, catalog, msgid, pair, tr

KIOSK = Path(kiosk.__file__).parent

# Calls that take a message id, and at which position: `tr(key, …)`, `pair(key, …)`,
# `SomeError.of(key, …)`, `msgid(key)` (a key kept in a table), `table.fail(name, key, …)` and
# `config_error(file, where, key, …)` (configuration reasons).
# the models say their notices by key: the counter desk `tell(key, …)`, the visit `show_notice(key, …)`
MESSAGE_FUNCTIONS = {"tr": 0, "pair": 0, "of": 0, "msgid": 0, "fail": 1, "config_error": 2, "tell": 0, "show_notice": 0}

# Where errors and their sentences are made; the windows (kiosk/ui) speak through `tr` only.
ERROR_PACKAGES = ("app", "domain", "store", "directory", "events", "cli", "config")

# Keys whose Indonesian is the same as another key's, and why that is right.
SAME_INDONESIAN = {
    # the participant is told the birth date is wrong either way; the English says which part
    frozenset({"nik.error.day", "nik.error.date"}),
    # the windows' tile and title, and the refusal's sentence when no next opening is known
    frozenset({"visit.quota", "route.quota.title", "reason.quota_full"}),
}


def _sources(*packages: str) -> list[tuple[Path, ast.Module]]:
    roots = [KIOSK / p for p in packages] if packages else [KIOSK]
    return [(f, ast.parse(f.read_text(encoding="utf-8"), str(f))) for root in roots for f in sorted(root.rglob("*.py"))
            if "catalog" not in f.relative_to(KIOSK).parts]


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _key_argument(node: ast.Call) -> ast.expr | None:
    position = MESSAGE_FUNCTIONS.get(_called(node) or "")
    if position is None or len(node.args) <= position:
        return None
    return node.args[position]


def _literal_keys(arg: ast.expr) -> list[str] | None:
    """The keys a key argument can be, when it is written out (`"a"`, `"a" if x else "b"`)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        body, orelse = _literal_keys(arg.body), _literal_keys(arg.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _pattern(arg: ast.JoinedStr) -> re.Pattern:
    """`f"status.{kind.value}.advice"` as a pattern over keys: `status\\.[^.]+\\.advice`."""
    parts = [re.escape(v.value) if isinstance(v, ast.Constant) else "[^.]+" for v in arg.values]
    return re.compile("".join(parts) + r"\Z")


def keys_used(sources) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Literal keys and f-string key patterns passed to the message functions, with where."""
    keys: dict[str, list[str]] = defaultdict(list)
    patterns: dict[str, list[str]] = defaultdict(list)
    for path, tree in sources:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (arg := _key_argument(node)) is None:
                continue
            where = f"{path.relative_to(KIOSK.parent)}:{node.lineno}"
            literal = _literal_keys(arg)
            if literal is not None:
                for key in literal:
                    keys[key].append(where)
            elif isinstance(arg, ast.JoinedStr):
                patterns[_pattern(arg).pattern].append(where)
    return keys, patterns


# ----------------------------------------------------------------------------- (a) keys exist


def test_every_key_the_code_passes_is_in_the_catalog():
    keys, patterns = keys_used(_sources())
    missing = {k: w for k, w in keys.items() if k not in catalog()}
    assert not missing, f"keys used but not in the catalog: {missing}"
    unmatched = {p: w for p, w in patterns.items() if not any(re.match(p, k) for k in catalog())}
    assert not unmatched, f"key patterns that match no key of the catalog: {unmatched}"
    # the scan sees every area: windows, domain, application, store, sources, configuration, CLI
    for key in ("welcome.title", "counter.title", "reason.queue", "office.open.until", "nik.error.empty",
                "ticket.refused.call", "error.ticket.unknown", "error.db.busy", "import.row.duplicate",
                "config.required", "config.file.not_found", "cli.db.ready", "cli.voice.counter"):
        assert key in keys, key
    assert len(keys) > 300


def test_the_key_scan_finds_keys_in_every_form_the_code_writes_them():
    tree = ast.parse('tr("a.b", lang)\npair("c")\nerrors.UnknownTicket.of("d", ticket_id=1)\n'
                     'T = {1: msgid("e")}\nt.fail("name", "f", lo=1)\nconfig_error(file, "extends", "g")\n'
                     'tr("h" if x else "i")\ntr(f"j.{x}.k", lang)\n')
    keys, patterns = keys_used([(KIOSK / "planted.py", tree)])
    assert sorted(keys) == ["a.b", "c", "d", "e", "f", "g", "h", "i"]
    assert list(patterns) == [r"j\.[^.]+\.k\Z"]


_KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\Z")
# text shaped like a key that names a file ("config.toml", "nik.key")
_FILE_ENDINGS = frozenset({"toml", "csv", "json", "py", "txt", "wav", "png", "bin", "sqlite", "db", "key", "pem", "log"})


def unmarked_keys(sources) -> list[str]:
    """Text shaped like a message id of the catalog (`reason.queue`) that is not handed to a
    message function nor marked with `msgid`: the key scan could not check it."""
    from kiosk.store.access_matrix import BY_KEY as MATRIX_CELLS   # the role matrix's cells: `area.action`

    prefixes = {key.split(".")[0] for key in catalog()}
    found = []
    for path, tree in sources:
        at_key = {id(sub) for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and (arg := _key_argument(node)) is not None for sub in ast.walk(arg)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in at_key
                    and _KEY_SHAPE.match(node.value) and node.value.split(".")[0] in prefixes
                    and node.value not in MATRIX_CELLS
                    and node.value.rsplit(".", 1)[1] not in _FILE_ENDINGS):
                found.append(f"{path.relative_to(KIOSK.parent)}:{node.lineno} {node.value}")
    return found


def test_keys_outside_the_windows_are_written_out_where_the_scan_sees_them():
    """A key built from pieces (`f"reason.{code}"`, `"a." + b`) or handed to a helper unmarked
    would escape the scan above."""
    sources = _sources(*ERROR_PACKAGES)
    built = [f"{path.relative_to(KIOSK.parent)}:{node.lineno}" for path, tree in sources for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(_key_argument(node), (ast.JoinedStr, ast.BinOp))]
    assert not built
    assert unmarked_keys(sources) == []
    planted = ast.parse('def f():\n    return _said(spec, "queue", "reason.queue")\n')
    assert unmarked_keys([(KIOSK / "planted.py", planted)]) == ["kiosk/planted.py:2 reason.queue"]
    marked = ast.parse('def f():\n    return _said(spec, "queue", msgid("reason.queue"), label="config.toml")\n')
    assert unmarked_keys([(KIOSK / "planted.py", marked)]) == []


# ----------------------------------------------------------------------------- (b), (c) entries


def test_every_entry_has_indonesian_and_english():
    for key, texts in catalog().items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        assert all(isinstance(t, str) and t.strip() for t in texts), key


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_languages_have_the_same_placeholders():
    differ = {key: (_fields(id_), _fields(en)) for key, (id_, en) in catalog().items() if _fields(id_) != _fields(en)}
    assert not differ


def test_every_key_lives_in_one_area_module():
    owners = defaultdict(list)
    for name in _MODULES:
        for key in importlib.import_module(name).TEXTS:
            owners[key].append(name)
    assert not {k: m for k, m in owners.items() if len(m) > 1}


def test_no_sentence_of_the_domain_cli_or_configuration_is_written_twice():
    """Outside the windows' own labels, one sentence has one key (unless the meaning differs)."""
    by_text = defaultdict(set)
    for name in _MODULES:
        for key, (id_text, _) in importlib.import_module(name).TEXTS.items():
            by_text[id_text.strip().rstrip(".")].add((name.rsplit(".", 1)[1], key))
    twice = [frozenset(k for _, k in owners) for owners in by_text.values()
             if len(owners) > 1 and any(area in ("messages", "config", "cli") for area, _ in owners)]
    assert set(twice) <= SAME_INDONESIAN, set(twice) - SAME_INDONESIAN


# ----------------------------------------------------------------------------- (d) no literals


INDONESIAN_WORDS = frozenset("""
    ada adalah akan antrian atau bantuan baris belum berkas berisi bukan buka coba dalam dan dapat dari
    dengan depan di dicetak diisi dikenal ditemukan harus hari ini jam kembali ke kosong lagi layanan
    layar lengkap loket masih meja menunggu nomor oleh pada panggilan periksa peserta petugas pilih
    pilihan pukul sedang sebelum sebutkan silakan sudah suara sumber tanpa terdaftar tidak tiket tulis
    tutup untuk wajib yang
""".split())


def _user_facing_errors() -> set[str]:
    """Names of the exception classes whose message a person reads: the product's errors and
    every class of the tree derived from one of them (read from the source, nothing imported)."""
    names = {errors.AnjunganError.__name__, UserError.__name__, "NikError", "IllegalTransitionError",
             "TicketNumberError"}
    classes = [(node.name, {_base_name(b) for b in node.bases}) for _, tree in _sources()
               for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:
        before = len(names)
        names |= {name for name, bases in classes if bases & names}
        grown = len(names) > before
    return names


def _base_name(base: ast.expr) -> str | None:
    return base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None


def _texts(arg: ast.expr) -> list[str]:
    """The literal text in an argument: a string, an f-string's fixed parts, `"a" + "b"`."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.JoinedStr):
        return ["".join(v.value for v in arg.values if isinstance(v, ast.Constant))]
    if isinstance(arg, ast.BinOp):
        return _texts(arg.left) + _texts(arg.right)
    return []


def _looks_indonesian(text: str) -> bool:
    unquoted = re.sub(r"'[^']*'", "", text)         # a quoted name ('peserta') is not a sentence
    return bool(set(re.findall(r"[a-z]+", unquoted.lower())) & INDONESIAN_WORDS)


def literal_sentences(sources, user_facing: set[str]) -> list[str]:
    """Error constructions that carry their sentence as a literal instead of a catalog key.

    Flagged: a `raise` whose exception gets a literal that reads as Indonesian, or two literals
    (the Indonesian/English pair); and making a user-facing error (raised, returned or kept)
    with any literal text. Not text: the message id given to a message function or as `key=`,
    and an operator's `detail`; a message function's other literals must not read as Indonesian."""
    found = []
    for path, tree in sources:
        raised = {id(n.exc) for n in ast.walk(tree) if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            key_arg = _key_argument(node)
            literals = [t for a in node.args if a is not key_arg for t in _texts(a)]
            literals += [t for kw in node.keywords if kw.arg not in ("detail", "key") for t in _texts(kw.value)]
            literals = [t for t in literals if re.search(r"[A-Za-z]", t)]
            if not literals:
                continue
            where = f"{path.name}:{node.lineno} {_called(node)}({literals[0][:50]!r})"
            if key_arg is not None:
                if any(map(_looks_indonesian, literals)):
                    found.append(where)
            elif _called(node) in user_facing:
                found.append(where)
            elif id(node) in raised and (len(literals) >= 2 or any(map(_looks_indonesian, literals))):
                found.append(where)
    return found


def test_no_sentence_is_left_as_a_literal_where_errors_are_made():
    sources = _sources(*ERROR_PACKAGES)
    assert len(sources) > 40
    assert literal_sentences(sources, _user_facing_errors()) == []


@pytest.mark.parametrize("code,flagged", [
    ('raise errors.UnknownTicket("Tiket tidak ditemukan.", "Ticket not found.")', True),
    ('raise errors.UnknownTicket(f"Tiket {t} tidak ditemukan.")', True),
    ('return StoreUnavailable("Database sibuk", "The database is busy")', True),
    ('raise ValueError("PIN harus berupa angka")', True),
    ('raise RuntimeError("Gagal", "Failed")', True),
    ('raise UserError("--count harus 1 atau lebih.")', True),
    ('raise errors.UnknownTicket.of("error.ticket.unknown", ticket_id=t)', False),
    ('raise ValueError(f"sex must be one of M or F, not {sex!r}")', False),
    ('raise SourceUnavailable(detail="HTTP 500")', False),
    ('raise ConnectionLost("database file was replaced")', False),
    ('raise ValueError("\'peserta\' is not an object")', False),
    ('raise config_error(label, "extends", "config.extends.cycle")', False),
    ('raise errors.ConfigError.of("error.file.problem", path=p, problem="berkas tidak ada")', True),
])
def test_the_literal_check_catches_a_planted_sentence(code, flagged):
    tree = ast.parse(f"def planted():\n    {code}\n")
    found = literal_sentences([(KIOSK / "planted.py", tree)], _user_facing_errors())
    assert bool(found) is flagged, found


# ----------------------------------------------------------------------------- the mechanism


def test_an_error_raised_from_a_key_keeps_the_key_the_values_and_both_sentences():
    err = errors.UnknownTicket.of("error.ticket.unknown", ticket_id="T1")
    assert str(err) == err.message == "Tiket T1 tidak ditemukan."
    assert err.message_en == "Ticket T1 was not found." and err.text("en") == err.message_en
    assert (err.key, err.params, err.exit_status) == ("error.ticket.unknown", {"ticket_id": "T1"}, 1)
    assert errors.StoreUnavailable.of("error.db.busy").exit_status == 3
    assert errors.ConfigError("Kalimat.").message_en == "Kalimat." and errors.ConfigError("x").key is None


def test_a_value_written_differently_in_each_language():
    at = ByLanguage("08.45", "08:45")
    assert pair("office.break.reopens", time=at) == ("Istirahat — buka kembali pukul 08.45", "Break — reopens at 08:45")
    assert tr("office.break.reopens", "en", time="x") == "Break — reopens at x"
    assert msgid("reason.queue") == "reason.queue"


def test_a_placeholder_may_be_named_like_the_arguments_of_tr():
    assert tr("config.unknown.language", "id", lang="xx") == "bahasa tidak dikenal: xx; pilih id atau en"
    assert UserError.of("cli.participants.count").key == "cli.participants.count"


# -- language once: one `Lang`, one list, one way to say an error ----------------------------------
def test_a_language_is_a_lang_value_read_once():
    from kiosk.domain.catalog import LANGUAGES, Lang, pick

    assert LANGUAGES == (Lang.ID, Lang.EN) == ("id", "en")          # Indonesian first; plain strings too
    assert Lang.of("en") is Lang.EN and Lang.of(Lang.EN) is Lang.EN and Lang.of("id") is Lang.ID
    assert Lang.of("fr") is Lang.ID and Lang.of(None) is Lang.ID and Lang.of("fr", Lang.EN) is Lang.EN
    assert Lang.known("en") and not Lang.known("EN") and not Lang.known(None)
    assert Lang.ID.other is Lang.EN and Lang.EN.other is Lang.ID
    assert Lang.EN.pick("Layanan", "Service") == "Service" and Lang.ID.pick("Layanan", "Service") == "Layanan"
    assert pick("en", "Layanan", "") == "Layanan"                   # no English given: the Indonesian
    assert tr("ticket.title", Lang.EN) == tr("ticket.title", "en") == "Queue number"


def test_an_error_is_said_from_its_key_in_the_language_asked():
    from kiosk.domain.catalog import error_text
    from printer.errors import PrinterError

    err = errors.UnknownTicket.of("error.ticket.unknown", ticket_id="T-9")
    assert error_text(err, "id") == tr("error.ticket.unknown", "id", ticket_id="T-9") == err.text("id") == str(err)
    assert error_text(err, "en") == tr("error.ticket.unknown", "en", ticket_id="T-9") != error_text(err, "id")
    # a key raised without its values: the two sentences it carries
    bare = errors.AnjunganError("NIK harus 16 angka — Anda mengetik 3", "The NIK must be 16 digits — you typed 3",
                                key="nik.error.length")
    assert (error_text(bare, "id"), error_text(bare, "en")) == (bare.message, bare.message_en)
    assert error_text(ValueError("plain"), "en") == "plain"
    # the printer's errors carry a key: said by the catalog whether or not the printer was handed it
    printer_error = PrinterError.of("printer.address.no_host", url="tcp://")
    assert error_text(printer_error, "en") == "Unusable printer address (tcp://): the host name is missing."
    assert error_text(printer_error, "id").startswith("Alamat printer tidak dapat dipakai (tcp://)")
    import kiosk.config.devices  # noqa: F401  (the product hands the printer the catalog)

    assert str(PrinterError.of("printer.address.no_host", url="tcp://")) == error_text(printer_error, "id")

"""The generic reader: typed getters, unknown keys, the two-language sentence, `extends`."""
from __future__ import annotations

from datetime import time

import pytest

from kiosk.config.reader import Table, parse_time, parse_toml, read_toml_file
from kiosk.domain.errors import ConfigError


def _fails(call) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        call()
    return info.value


def test_a_mistake_is_one_sentence_in_indonesian_with_its_english_twin():
    t = Table({"inactivity_s": 10}, "kiosk", "x.toml")
    err = _fails(lambda: t.int("inactivity_s", lo=45))
    assert str(err) == "x.toml: kiosk.inactivity_s: minimal 45 (must be at least 45)"
    assert err.message_en == "x.toml: kiosk.inactivity_s: must be at least 45"


def test_the_root_table_names_keys_without_a_prefix_and_itself_as_the_file():
    root = Table({}, "", "x.toml")
    assert str(_fails(lambda: root.str("branch"))).startswith("x.toml: branch: wajib diisi")
    assert str(_fails(lambda: Table([], "", "x.toml"))).startswith("x.toml: (berkas): harus berupa tabel")


def test_unknown_keys_are_refused_after_reading():
    t = Table({"name": "A", "nmae": "B"}, "branch", "x.toml")
    assert t.str("name") == "A"
    err = _fails(t.done)
    assert str(err) == "x.toml: branch.nmae: kunci tidak dikenal (unknown key)"


def test_typed_getters_refuse_the_wrong_kind_of_value():
    t = Table({"s": 1, "b": "yes", "i": True, "n": "2", "sl": ["a", 2], "il": [1, False],
               "e": "  ", "tm": "25.00"}, "k", "x.toml")
    assert "harus berupa teks" in str(_fails(lambda: t.str("s")))
    assert "true atau false" in str(_fails(lambda: t.bool("b")))
    assert "bilangan bulat" in str(_fails(lambda: t.int("i")))
    assert "harus berupa angka" in str(_fails(lambda: t.number("n")))
    assert "daftar teks" in str(_fails(lambda: t.str_list("sl")))
    assert "daftar bilangan bulat" in str(_fails(lambda: t.int_list("il")))
    assert "tidak boleh kosong" in str(_fails(lambda: t.str("e")))
    assert "jam tidak sah" in str(_fails(lambda: t.time("tm")))


def test_defaults_apply_only_when_the_key_is_absent():
    t = Table({"given": " x "}, "k", "x.toml")
    assert t.str("given") == "x"
    assert t.str("absent", "d") == "d" and t.opt_str("none") is None
    assert t.int("count", None) is None and t.bool("flag", False) is False
    assert t.str_list("items", ()) == () and t.table("sub").data == {}
    t.done()


def test_nested_tables_and_arrays_of_tables_carry_their_path():
    t = Table({"services": [{"code": "A"}, {"code": 5}]}, "", "x.toml")
    first, second = t.tables("services")
    assert first.str("code") == "A"
    assert str(_fails(lambda: second.str("code"))).startswith("x.toml: services[1].code: ")
    t2 = Table({"services": {"code": "A"}}, "", "x.toml")
    assert "daftar tabel" in str(_fails(lambda: t2.tables("services")))


@pytest.mark.parametrize("text,expected", [
    ("08.45", time(8, 45)), ("8:05", time(8, 5)), (" 23.59 ", time(23, 59)),
    (time(7, 30), time(7, 30)), ("24.00", None), ("8.75", None), (845, None), ("", None),
])
def test_clock_times(text, expected):
    assert parse_time(text) == expected


def test_broken_toml_and_unreadable_files(tmp_path):
    assert str(_fails(lambda: parse_toml("a = ", "x.toml"))).startswith("x.toml: TOML tidak sah")
    missing = tmp_path / "nope.toml"
    err = _fails(lambda: read_toml_file(missing, "nope.toml"))
    assert str(err) == "nope.toml: berkas konfigurasi tidak ditemukan (file not found)"
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "\xe9"\n')
    assert "tidak dapat dibaca" in str(_fails(lambda: read_toml_file(latin, "latin.toml")))


def test_extends_merges_tables_and_replaces_arrays(tmp_path):
    (tmp_path / "base.toml").write_text(
        '[branch]\nname = "Base"\naddress = "Jl. A"\n[[services]]\ncode = "A"\n[[services]]\ncode = "B"\n',
        encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('extends = "base.toml"\n[branch]\nname = "Child"\n[[services]]\ncode = "C"\n',
                     encoding="utf-8")
    data = read_toml_file(child, "child.toml")
    assert data == {"branch": {"name": "Child", "address": "Jl. A"}, "services": [{"code": "C"}]}
    child.write_text('extends = ""\n', encoding="utf-8")
    assert "harus berupa nama berkas" in str(_fails(lambda: read_toml_file(child, "child.toml")))
    child.write_text('extends = "child.toml"\n', encoding="utf-8")
    assert "saling merujuk" in str(_fails(lambda: read_toml_file(child, "child.toml")))

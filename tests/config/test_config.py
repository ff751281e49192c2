"""Branch configuration: the shipped files load, and every kind of mistake is named."""
from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import (
    MIN_INACTIVITY_S, default_config_path, hash_pin, load_config, parse_config, verify_pin,
)
from kiosk.domain.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILES = sorted((ROOT / "config").rglob("*.toml"))
DEFAULT_TEXT = default_config_path().read_text(encoding="utf-8")


def _bad(old: str, new: str, *, count: int = 1) -> ConfigError:
    assert old in DEFAULT_TEXT, old
    text = DEFAULT_TEXT.replace(old, new, count)
    with pytest.raises(ConfigError) as info:
        parse_config(text, "config/x.toml")
    return info.value


# ---------------------------------------------------------------- the shipped files


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_loads(path):
    cfg = load_config(path)
    assert cfg.branch.services and cfg.branch.counters
    for s in cfg.branch.services:
        if s.queues:
            assert cfg.branch.counters_serving(s.code), s.code


def test_default_branch_is_a_complete_employment_branch():
    cfg = load_config()
    b = cfg.branch
    assert b.kind == "ketenagakerjaan" and b.timezone == "Asia/Jakarta"
    codes = [s.code for s in b.services]
    assert codes == ["INFO", "DATA", "IURAN", "JHT", "JKK", "JKM", "JP", "JKP", "ADUAN", "CEK"]
    letters = [s.letter for s in b.services]
    assert len(set(letters)) == len(letters)
    assert b.service("jht").letter == "D" and b.service_by_letter("d").code == "JHT"
    assert b.service("NOPE") is None and b.counter(99) is None
    # quotas: per counter per day (8 JHT, 3 JKM, 5 JP, 5 JKK) times the counters serving them
    assert b.service("JHT").daily_quota == 8 * len(b.counters_serving("JHT"))
    assert b.service("JKM").daily_quota == 3 * len(b.counters_serving("JKM"))
    assert b.service("JP").daily_quota == 5 * len(b.counters_serving("JP"))
    assert b.service("JKK").daily_quota == 5 * len(b.counters_serving("JKK"))
    assert b.service("JKP").online_only and not b.service("JKP").queues
    assert not b.service("CEK").needs_counter
    assert b.service("JHT").online is not None and not b.service("JHT").online.online_only
    jht_docs = b.service("JHT").documents
    assert "Buku tabungan" in jht_docs and len(jht_docs) == len(b.service("JHT").documents_en)
    assert [c.number for c in b.counters] == [1, 2, 3, 4, 5, 6]
    # hours: Mon-Thu break 12.00-13.00, Friday longer, weekend closed, last ticket 30 min early
    mon, fri = b.hours.days[0], b.hours.days[4]
    assert (mon.opens, mon.closes, mon.last_ticket) == (time(8), time(15), time(14, 30))
    assert (mon.breaks[0].start, mon.breaks[0].end) == (time(12), time(13))
    fri_break = fri.breaks[0]
    assert (fri_break.end.hour * 60 + fri_break.end.minute) - (
        fri_break.start.hour * 60 + fri_break.start.minute) > 60
    assert b.hours.days[5] is None and b.hours.days[6] is None
    assert b.priority.every_n_regular >= 1 and b.priority.age_threshold == 60
    assert any("175" in line for line in b.footer)
    assert cfg.database_url is None
    assert cfg.retention.end_of_service_day
    assert cfg.directory.kind == "local" and cfg.directory.timeout_s == 2
    assert cfg.printer.url == "preview://" and cfg.printer.paper_mm == 80
    assert cfg.kiosk.inactivity_s >= MIN_INACTIVITY_S
    assert cfg.voice.backends == ("clips", "espeak", "qt", "silent") and cfg.voice.chime


def test_health_branch_has_its_own_services():
    b = load_config(ROOT / "config" / "kesehatan.toml").branch
    assert b.kind == "kesehatan" and b.timezone == "Asia/Makassar"
    assert {"AKTIVASI", "DATA", "MENINGGAL", "ADUAN"} <= {s.code for s in b.services}
    assert "Akta kematian atau surat keterangan kematian" in b.service("MENINGGAL").documents


def test_no_shipped_configuration_carries_a_working_pin():
    for name in ("default.toml", "kesehatan.toml", "examples/lan-postgres.toml", "examples/kiosk-58mm.toml",
                 "examples/wit-papua.toml"):
        k = load_config(ROOT / "config" / name).kiosk
        assert k.staff_pin_hash is None and k.admin_pin_hash is None, name


def test_demo_pins_are_the_demos_only():
    from kiosk.services import demo_config

    k = demo_config().kiosk
    assert k.check_pin("1234", "staff")
    assert k.check_pin("9999", "admin")
    assert k.check_pin("9999", "staff")          # admin may do staff work
    assert not k.check_pin("1234", "admin")
    assert not k.check_pin("0000", "staff")


def test_printer_settings_follow_the_paper():
    cfg = load_config(ROOT / "config" / "examples" / "kiosk-58mm.toml")
    p = cfg.printer
    assert (p.paper_mm, p.dots, p.columns) == (58, 384, 32)
    assert p.native_qr is False and p.url.startswith("usb://")
    # the rest comes from the base file it extends
    assert cfg.branch.service("JHT") is not None


def test_lan_example_points_at_postgresql_and_has_more_counters():
    cfg = load_config(ROOT / "config" / "examples" / "lan-postgres.toml")
    assert cfg.database_url.startswith("postgresql+psycopg://")
    assert len(cfg.branch.counters) == 10
    assert cfg.display.counters == (1, 2, 3, 4, 5, 6)
    assert cfg.printer.failover_url == "tcp://10.20.0.32:9100"
    assert cfg.directory.kind == "http"


# ---------------------------------------------------------------- mistakes


@pytest.mark.parametrize("old,new,key,words", [
    ('letter = "B"', 'letter = "b"', "services[1].letter", "satu huruf kapital"),
    ('letter = "B"', 'letter = "BB"', "services[1].letter", "satu huruf kapital"),
    ('letter = "B"', 'letter = "A"', "services[1].letter", "huruf ganda"),
    ('code = "DATA"', 'code = "INFO"', "services[1].code", "kode layanan ganda"),
    ('services = ["JHT", "JKM"]', 'services = ["JHT", "JKMX"]', "counters[2].services",
     "layanan tidak dikenal: JKMX"),
    ('breaks = [["12.00", "13.00"]]', 'breaks = [["12.00", "16.00"]]', "hours.monday.breaks[0]",
     "di dalam jam layanan"),
    ('breaks = [["12.00", "13.00"]]', 'breaks = [["13.00", "12.00"]]', "hours.monday.breaks[0]",
     "setelah jam mulai"),
    ('open = "08.00"', 'open = "8.75"', "hours.monday.open", "jam tidak sah"),
    ('close = "15.00"', 'close = "07.00"', "hours.monday.close", "setelah jam buka"),
    ('timezone = "Asia/Jakarta"', 'timezone = "Asia/Jakartaa"', "branch.timezone",
     "zona waktu tidak dikenal"),
    ("inactivity_s = 45 ", "inactivity_s = 30 ", "kiosk.inactivity_s", "minimal 45"),
    ("idle_warning_s = 30", "idle_warning_s = 19", "kiosk.idle_warning_s", "minimal 20"),
    ("inactivity_s = 45 ", "inactivty_s = 60 ", "kiosk.inactivty_s", "kunci tidak dikenal"),
    ("[database]", "[databse]", "databse", "kunci tidak dikenal"),
    ("[hours.monday]\nopen", "[hours.monday]\nopne = \"08.00\"\nopen", "hours.monday.opne",
     "kunci tidak dikenal"),
    ('full_nik = "end_of_service_day"', 'full_nik = "7x"', "retention.full_nik", "7d"),
    ('kind = "local" ', 'kind = "ldap" ', "directory.kind", "local"),
    ("paper_mm = 80", "paper_mm = 76", "printer.paper_mm", "58 atau 80"),
    ('url = "preview://" ', 'url = "lpt://1" ', "printer.url", "skema printer"),
    ("[kiosk]\n", '[kiosk]\nstaff_pin_hash = "md5$1"\n', "kiosk.staff_pin_hash", "pbkdf2"),
    ("[kiosk]\n", '[kiosk]\nstaff_pin_hash = "pbkdf2$10000000000000$' + "ab" * 16 + "$" + "cd" * 32 + '"\n',
     "kiosk.staff_pin_hash", "pbkdf2"),
    ('backends = ["clips",', 'backends = ["festival",', "voice.backends", "festival"),
    ("counters = []", "counters = [99]", "display.counters", "loket tidak dikenal: 99"),
    ('rule = "registered"', 'rule = "registred"', "services[1].eligibility[0].rule",
     "jenis aturan tidak dikenal"),
    ('rule = "min_age"\nage = 59', 'rule = "min_age"', "services[6].eligibility[3].age",
     "wajib diisi"),
    ('values = ["deceased"]', 'values = ["dead"]', "services[3].eligibility[1].values",
     "status tidak dikenal"),
    ('suggest = "JKM"', 'suggest = "JKX"', "services[3].eligibility[1].suggest",
     "layanan tidak dikenal"),
    ("quota_per_counter = 8", "quota_per_counter = 0", "services[3].quota_per_counter",
     "minimal 1"),
    ("quota_per_counter = 8", "quota_per_counter = 8\ndaily_quota = 3",
     "services[3].quota_per_counter", "jangan keduanya"),
    ('online = "jmo"', 'online = "whatsapp"', "services[1].online", "kanal online tidak dikenal"),
    ("every_n_regular = 3", "every_n_regular = 0", "priority.every_n_regular", "minimal 1"),
    ('group = "klaim"', 'group = "klaimm"', "services[3].group", "kelompok tidak dikenal"),
    ("[hours.saturday]\nclosed = true", "[hours.saturday]\nclosed = true\nopen = \"08.00\"",
     "hours.saturday.open", "closed = true"),
    ("needs_counter = false\nservice", "needs_counter = \"no\"\nservice", "services[9].needs_counter",
     "true atau false"),
])
def test_a_mistake_names_file_key_and_reason(old, new, key, words):
    err = _bad(old, new)
    msg = str(err)
    assert msg.startswith(f"config/x.toml: {key}: "), msg
    assert words in msg, msg
    # one sentence, Indonesian first with the English twin in parentheses, and an English copy
    assert "\n" not in msg and re.search(r"\(.+\)$", msg), msg
    assert err.message_en.startswith(f"config/x.toml: {key}: ")
    assert err.exit_status == 2


def test_a_queue_service_without_counter_is_refused():
    text = DEFAULT_TEXT.replace('services = ["JHT", "JKK", "JKM"]', 'services = ["JHT", "JKM"]')
    text = text.replace('services = ["JHT", "JP", "JKK", "ADUAN"]', 'services = ["JHT", "JP"]')
    with pytest.raises(ConfigError, match=r"services\[4\]: layanan JKK tidak dilayani loket"):
        parse_config(text, "x.toml")


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"^x.toml: TOML tidak sah"):
        parse_config("[branch\nname = 1", "x.toml")
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_config(missing)


def test_retention_in_days():
    cfg = parse_config(DEFAULT_TEXT.replace('full_nik = "end_of_service_day"', 'full_nik = "7d"'))
    assert cfg.retention.days == 7 and not cfg.retention.end_of_service_day


def test_explicit_last_ticket_and_holidays():
    text = DEFAULT_TEXT.replace('closed_dates = []', 'closed_dates = ["2026-12-25"]')
    text = text.replace('[hours.monday]\nopen = "08.00"', '[hours.monday]\nlast_ticket = "14.00"\nopen = "08.00"')
    h = parse_config(text).branch.hours
    assert h.days[0].last_ticket == time(14) and h.days[1].last_ticket == time(14, 30)
    from datetime import date
    assert h.for_date(date(2026, 12, 25)) is None and h.for_date(date(2026, 12, 24)) is not None


def test_extends_overlays_tables_and_refuses_cycles(tmp_path):
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{default_config_path()}"\n[branch]\nname = "Cabang Uji"\n'
                     '[voice]\nclip_dir = "suara"\n', encoding="utf-8")
    cfg = load_config(child)
    assert cfg.branch.name == "Cabang Uji"
    assert cfg.branch.address.startswith("Jl.")          # kept from the base
    assert cfg.voice.clip_dir == str((tmp_path / "suara").resolve())
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('extends = "b.toml"\n', encoding="utf-8")
    b.write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="saling merujuk"):
        load_config(a)


def test_environment_names_the_default_file(tmp_path, monkeypatch):
    child = tmp_path / "env.toml"
    child.write_text(f'extends = "{default_config_path()}"\n[branch]\nname = "Dari Env"\n',
                     encoding="utf-8")
    monkeypatch.setenv("ANJUNGAN_CONFIG", str(child))
    assert load_config().branch.name == "Dari Env"


def test_config_is_frozen():
    cfg = load_config()
    with pytest.raises(Exception):
        cfg.branch.name = "x"          # type: ignore[misc]
    with pytest.raises(Exception):
        cfg.kiosk.inactivity_s = 1     # type: ignore[misc]


# ---------------------------------------------------------------- pins


def test_pin_hash_round_trip():
    stored = hash_pin("4321", iterations=2000)
    assert stored.startswith("pbkdf2$2000$")
    assert verify_pin("4321", stored)
    assert not verify_pin("4322", stored)
    assert not verify_pin("4321", None) and not verify_pin("", stored)
    assert not verify_pin("4321", "pbkdf2$x$y$z")
    assert hash_pin("4321", iterations=2000) != stored      # a fresh salt each time
    with pytest.raises(ValueError):
        hash_pin("12ab")


# ---------------------------------------------------------------- robustness

_LINES = DEFAULT_TEXT.splitlines()
_VALUE_LINES = [i for i, line in enumerate(_LINES)
                if re.match(r"^[a-z_]+ = ", line) and not line.rstrip().endswith("[")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_VALUE_LINES),
       st.one_of(st.integers(-5, 500).map(str), st.booleans().map(lambda b: str(b).lower()),
                 st.text(max_size=8).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
                 st.just("[]"), st.just('["X"]')))
def test_any_single_changed_value_loads_or_fails_with_config_error(line_no, value):
    lines = list(_LINES)
    key = lines[line_no].split(" = ", 1)[0]
    lines[line_no] = f"{key} = {value}"
    try:
        parse_config("\n".join(lines), "fuzz.toml")
    except ConfigError as err:
        assert str(err).startswith("fuzz.toml: ")


def test_vclaim_directory_needs_its_consumer_id_and_keeps_secrets_out_of_the_file(tmp_path):
    from kiosk.config import load_config
    from kiosk.domain.errors import ConfigError

    base = (ROOT / "config" / "kesehatan.toml").read_text()
    good = base.replace('[directory]\nkind = "local"',
                        '[directory]\nkind = "vclaim"\nurl = "https://vclaim.example/rest"\ncons_id = "123"')
    path = tmp_path / "k.toml"
    path.write_text(good)
    config = load_config(path)
    assert config.directory.kind == "vclaim" and config.directory.cons_id == "123"
    assert config.directory.secret_env == "ANJUNGAN_VCLAIM_SECRET"
    path.write_text(good.replace('cons_id = "123"\n', ""))
    with pytest.raises(ConfigError, match="cons_id"):
        load_config(path)


def test_the_kiosk_speaks_and_warns_walk_aways_by_default():
    from kiosk.config import load_config

    kiosk = load_config().kiosk
    assert kiosk.spoken_guidance is True
    assert kiosk.idle_warning_s >= 20 and kiosk.default_language == "id"
    groups = {g.code: g for g in load_config().branch.groups}
    assert groups["klaim"].icon == "claim" and groups["klaim"].description_id
    jht = load_config().branch.service("JHT")
    assert jht.heirs and any("ahli waris" in d for d in jht.heir_documents)

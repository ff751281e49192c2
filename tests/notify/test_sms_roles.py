"""On a PostgreSQL branch the kiosk and the web service may take a participant's SMS opt-in; only
the SMS service's own role (`anjungan_notifier`) reads her number, and it reads nothing else of
her: no NIK, no name, no PIN or token, and it cannot issue, call or change a ticket."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.notify.test_sms import config, sent_messages, smsd  # noqa: F401  (the gammu-smsd fixture)
from tests.store.test_roles import branch, denied  # noqa: F401  (the branch fixture)

NIK = "3171012902001234"
OTHER_NIK = "3171011708450001"
MONDAY_9 = "2026-11-23T09:00:00+07:00"


def _sms_on():
    from dataclasses import replace

    from kiosk.config.sms import SmsConfig
    from kiosk.services import demo_config

    return replace(demo_config(), sms=SmsConfig(enabled=True))


@pytest.mark.parametrize("kind", ["kiosk", "web"])
def test_the_kiosk_and_the_web_take_an_opt_in_but_never_read_a_number(branch, make_services, kind):  # noqa: F811
    admin, as_role, _ = branch
    machine = make_services(as_role(kind), config=_sms_on())
    ticket = machine.issue(NIK, "INFO", assisted=True)
    assert machine.sms_opt_in(ticket.ticket_id, "081234567890").lstrip("•") == "890"
    assert machine.sms_opt_in(ticket.ticket_id, "+6285712345678", "en").lstrip("•") == "678"    # replaced
    assert admin.sms_opted_in(ticket.ticket_id)
    assert denied(as_role(kind), "SELECT phone FROM sms_optins")
    assert denied(as_role(kind), "DELETE FROM sms_optins")


@pytest.mark.parametrize("kind", ["counter", "display", "report"])
def test_no_other_machine_sees_a_phone_number(branch, kind):  # noqa: F811
    _admin, as_role, _ = branch
    for sql in ("SELECT phone FROM sms_optins", "SELECT count(*) FROM sms_optins",
                "INSERT INTO sms_optins (ticket_id, phone, lang, sent, told_ahead, told_called) "
                "VALUES ('x', '+6281', 'id', 0, false, false)"):
        assert denied(as_role(kind), sql), (kind, sql)


@pytest.mark.skipif(shutil.which("gammu-smsd") is None, reason="Debian's gammu-smsd is not installed")
def test_the_notifier_sends_through_gammu_smsd_under_its_own_role(branch, make_services, smsd, tmp_path,  # noqa: F811
                                                                   monkeypatch, capsys):
    """`anjungan notifier` logged in as anjungan_notifier: almost her turn, then the survey link
    after her visit, handed to a real gammu-smsd (Gammu's dummy phone), and her number deleted."""
    from kiosk.cli import main
    from kiosk.domain import errors

    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9)
    admin, as_role, made = branch
    assert made["notifier"].endswith("_notifier")
    kiosk, counter = make_services(as_role("kiosk"), config=_sms_on()), make_services(as_role("counter"))
    kiosk.issue(OTHER_NIK, "INFO", assisted=True)
    hers = kiosk.issue(NIK, "INFO", assisted=True)
    kiosk.sms_opt_in(hers.ticket_id, "0812-3456-7890")
    cfg = config(tmp_path, smsd, notify_when_ahead=1)
    notifier = ["--config", cfg, "--db", as_role("notifier"), "notifier", "--once", "--json"]

    assert main(notifier) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"ticket_id": hers.ticket_id, "number": "A-002", "kind": "ahead",
                               "phone": "••••••••••890"}, err
    assert sent_messages(smsd) == [
        ("+6281234567890", "Nomor A-002: giliran Anda hampir tiba (1 orang lagi). Mohon kembali ke ruang tunggu.")]
    assert main(notifier) == 0 and capsys.readouterr().out == ""          # told once: marked sent
    for _ in range(2):
        counter.call_next(1)
        counter.finish(1)
    assert main(notifier) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "skm"
    [(phone, text)] = sent_messages(smsd)
    assert phone == "+6281234567890" and text.startswith("Terima kasih. Nilai layanan kami dengan satu sentuhan: ")
    assert not admin.sms_opted_in(hers.ticket_id)                         # deleted with her visit

    url = as_role("notifier")
    for sql in ("SELECT nik FROM participants", "SELECT name FROM participants", "SELECT nik FROM tickets",
                "SELECT nik_hash FROM tickets", "SELECT nik_last4 FROM tickets", "SELECT nik FROM bookings",
                "SELECT pin_hash FROM staff_pins", "SELECT token_hash FROM api_tokens",
                "SELECT * FROM anjungan_pin_salts()", "UPDATE tickets SET state = 'called'",
                "UPDATE sms_optins SET phone = '+6281'", "DELETE FROM tickets", "DELETE FROM events",
                "INSERT INTO events (at, kind, data) VALUES (now(), 'called', '{}')",
                "INSERT INTO sms_optins (ticket_id, phone, lang, sent, told_ahead, told_called) "
                "VALUES ('x', '+6281', 'id', 0, false, false)"):
        assert denied(url, sql), sql
    machine = make_services(url)
    with pytest.raises(errors.StoreUnavailable, match="tidak boleh"):
        machine.issue(NIK, "INFO", assisted=True)
    with pytest.raises(errors.StoreUnavailable, match="tidak boleh"):
        machine.call_next(1)


def test_the_doctor_on_the_notifiers_machine_tries_its_whole_job(branch, tmp_path, capsys):  # noqa: F811
    """Its role may do the notifier's job (each read and write tried, rolled back) and SMS is set
    up; the kiosk's role may not (it never reads a number), and the doctor names the role to use."""
    from kiosk.cli import main

    _admin, as_role, made = branch
    rc = tmp_path / "smsdrc"
    rc.write_text("[gammu]\nconnection = none\nmodel = dummy\n")
    cfg = config(tmp_path, rc)
    checks = {}
    for kind in ("notifier", "kiosk"):
        main(["--config", cfg, "--db", as_role(kind), "doctor", "--machine", "notifier", "--json"])
        checks[kind] = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["notifier"]["role"]["level"] == "ok", checks["notifier"]["role"]
    assert checks["notifier"]["sms"]["level"] == "ok" or shutil.which("gammu-smsd-inject") is None
    assert checks["kiosk"]["role"]["level"] == "fail"
    assert "SELECT sms_optins" in checks["kiosk"]["role"]["message_en"]
    assert checks["kiosk"]["role"]["fix_en"].startswith("Connect this machine as anjungan_notifier")

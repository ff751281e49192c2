"""A participant with a basic phone is told by SMS, through a real gammu-smsd (Gammu's dummy phone,
files backend): almost her turn, her call, the survey link; only when she opted in, bounded per
ticket, and her number deleted when her visit ends."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.cli import NOT_SET_UP, main
from tests.notify.dummy_smsd import start_dummy_smsd

pytestmark = pytest.mark.skipif(shutil.which("gammu-smsd") is None, reason="Debian's gammu-smsd is not installed")

MONDAY_9 = "2026-11-23T09:00:00+07:00"
PHONE = "0812-3456-7890"
from tests.conftest import fresh_nik

NIKS = tuple(fresh_nik() for _ in range(4))          # four people born in 2000: no priority


@pytest.fixture
def smsd(tmp_path):
    """gammu-smsd with the dummy phone: what it sends lands in its sent folder."""
    rc, proc = start_dummy_smsd(tmp_path / "smsd")
    yield rc
    proc.terminate()
    proc.wait(timeout=10)


def sent_messages(rc: Path, timeout: float = 8.0, at_least: int = 0) -> list[tuple[str, str]]:
    """(number, text) of each message gammu-smsd has sent since the last look, once its outbox is
    empty and at least `at_least` are sent (oldest first). Read files are taken away: gammu-smsd
    names a file by the second and the number, so a later message could take an earlier one's
    name in its sent folder."""
    sent, outbox = rc.parent / "sent", rc.parent / "outbox"
    deadline = time.monotonic() + timeout
    while ((any(outbox.iterdir()) or len(list(sent.iterdir())) < at_least)
           and time.monotonic() < deadline):
        time.sleep(0.05)
    assert not any(outbox.iterdir()) and not any((rc.parent / "error").iterdir())
    out = []
    for f in sorted(sent.iterdir(), key=lambda p: p.name):
        fields = dict(line.split(" = ", 1) for line in f.read_text().splitlines() if " = " in line)
        text = "".join(bytes.fromhex(v).decode("utf-16-be") for k, v in sorted(fields.items()) if k.startswith("Text"))
        out.append((fields["Number"].strip('"'), text))
        f.unlink()
    return out


def config(tmp_path: Path, rc: Path | None, **sms) -> str:
    lines = "\n".join(f"{k} = {v}" for k, v in {"enabled": "true", "notify_when_ahead": 1, **sms}.items())
    smsdrc = f'smsdrc = "{rc}"\n' if rc else ""
    path = tmp_path / "branch.toml"
    path.write_text(f'extends = "default.toml"\n\n[web]\npublic_url = "http://10.0.0.5:8080"\n\n[sms]\n{smsdrc}{lines}\n')
    return str(path)


@pytest.fixture
def anjungan(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9)
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"

    def run(cfg: str, *args: str, expect: int = 0) -> tuple[str, str]:
        code = main(["--config", cfg, "--db", db, *args])
        out, err = capsys.readouterr()
        assert code == expect, (code, out, err)
        assert "Traceback" not in err
        return out, err

    return run


def test_she_is_told_when_almost_her_turn_when_called_and_after_her_visit(smsd, tmp_path, anjungan):
    from kiosk.services import open_services

    cfg = config(tmp_path, smsd, max_per_ticket=3)
    anjungan(cfg, "db", "upgrade")
    for nik in NIKS[:2]:
        anjungan(cfg, "issue", "--nik", nik, "--service", "INFO")
    out, err = anjungan(cfg, "issue", "--nik", NIKS[2], "--service", "INFO", "--sms", PHONE, "--json")
    assert "••••••••890" in err and "3456" not in out + err      # masked after entry
    ticket_id = __import__("json").loads(out)["ticket_id"]
    anjungan(cfg, "issue", "--nik", NIKS[3], "--service", "INFO")     # after her, not opted in

    assert anjungan(cfg, "notifier", "--once")[0] == ""          # 2 ahead: nothing yet
    anjungan(cfg, "call", "--counter", "1")                       # she is 1 ahead
    out, _ = anjungan(cfg, "notifier", "--once", "--json")
    assert '"kind": "ahead"' in out and "890" in out and "3456" not in out
    messages = sent_messages(smsd)
    assert anjungan(cfg, "notifier", "--once")[0] == ""          # told once
    for _ in range(2):
        anjungan(cfg, "finish", "--counter", "1")
        anjungan(cfg, "call", "--counter", "1")                   # A-002, then her A-003
    anjungan(cfg, "notifier", "--once")
    messages += sent_messages(smsd)
    anjungan(cfg, "finish", "--counter", "1")
    anjungan(cfg, "notifier", "--once")
    messages += sent_messages(smsd)
    anjungan(cfg, "call", "--counter", "1")                       # no opt-in, no SMS
    anjungan(cfg, "notifier", "--once")
    messages += sent_messages(smsd)
    assert messages == [
        ("+6281234567890", "Nomor A-003: giliran Anda hampir tiba (1 orang lagi). Mohon kembali ke ruang tunggu."),
        ("+6281234567890", "Nomor A-003: silakan ke Loket 1"),
        ("+6281234567890", messages[2][1]),
    ]
    assert messages[2][1].startswith("Terima kasih. Nilai layanan kami dengan satu sentuhan: http://10.0.0.5:8080/t/")
    svc = open_services(db_url=f"sqlite:///{tmp_path / 'q.sqlite'}", config_path=cfg)
    try:
        assert not svc.sms_opted_in(ticket_id)                    # her number is gone with her visit
    finally:
        svc.close()


def test_at_most_the_configured_messages_per_ticket_and_english_for_an_english_visit(smsd, tmp_path, anjungan):
    cfg = config(tmp_path, smsd, max_per_ticket=1, notify_when_ahead=5)
    anjungan(cfg, "db", "upgrade")
    anjungan(cfg, "issue", "--nik", NIKS[0], "--service", "INFO")
    anjungan(cfg, "issue", "--nik", NIKS[1], "--service", "INFO", "--sms", "+6285712345678", "--lang", "en")
    anjungan(cfg, "notifier", "--once")                           # 1 ahead ≤ 5: told
    anjungan(cfg, "call", "--counter", "1")
    anjungan(cfg, "finish", "--counter", "1")
    anjungan(cfg, "call", "--counter", "1")                       # her call: over the bound of 1
    anjungan(cfg, "notifier", "--once")
    assert sent_messages(smsd) == [
        ("+6285712345678", "Number A-002: your turn is near (1 more ahead). Please come back to the waiting hall.")]


def test_a_wrong_number_issues_nothing_and_a_missing_smsd_is_one_sentence(tmp_path, anjungan):
    cfg = config(tmp_path, tmp_path / "nowhere" / "smsdrc")
    anjungan(cfg, "db", "upgrade")
    _, err = anjungan(cfg, "issue", "--nik", NIKS[0], "--service", "INFO", "--sms", "0212345678", expect=1)
    assert err.strip() == "anjungan: Nomor ponsel tidak sah: tulis 08… (10–13 angka) atau +628…."
    out, _ = anjungan(cfg, "status", "--json")
    assert '"waiting": 0' in out or '"number": "A-001"' not in out
    _, err = anjungan(cfg, "notifier", "--once", expect=NOT_SET_UP)   # its unit waits to be set up, no loop
    assert err.count("\n") == 1 and "smsdrc" in err and "gammu-smsd" in err
    off = config(tmp_path, None, enabled="false")
    _, err = anjungan(off, "notifier", expect=NOT_SET_UP)
    assert err.strip() == "anjungan: SMS tidak aktif di cabang ini: setel [sms] enabled = true dan smsdrc di konfigurasi."
    _, err = anjungan(off, "issue", "--nik", NIKS[0], "--service", "INFO", "--sms", PHONE, expect=1)
    assert err.count("\n") == 1 and "SMS tidak aktif" in err          # a number nobody would send to is not kept
    out, _ = anjungan(off, "issue", "--nik", NIKS[0], "--service", "INFO", "--json")
    assert '"number": "A-001"' in out                                  # and no ticket was issued before


def test_the_notifier_follows_the_queue_as_the_displays_do(smsd, tmp_path, anjungan):
    import os
    import sys

    cfg = config(tmp_path, smsd, notify_when_ahead=0)
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    anjungan(cfg, "db", "upgrade")
    anjungan(cfg, "issue", "--nik", NIKS[0], "--service", "INFO")
    anjungan(cfg, "issue", "--nik", NIKS[1], "--service", "INFO", "--sms", PHONE)
    notifier = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", cfg, "--db", db, "notifier", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "ANJUNGAN_NOW": MONDAY_9})
    try:
        assert "gammu-smsd" in notifier.stderr.readline()          # running: it says so on stderr
        anjungan(cfg, "call", "--counter", "2")                   # she is next
        assert '"kind": "ahead"' in notifier.stdout.readline()
        texts = [text for _, text in sent_messages(smsd, at_least=1)]    # read before the next can take its name
        anjungan(cfg, "finish", "--counter", "2")
        anjungan(cfg, "call", "--counter", "2")
        assert '"kind": "called"' in notifier.stdout.readline()
        texts += [text for _, text in sent_messages(smsd, at_least=1)]
    finally:
        notifier.terminate()
        notifier.wait(timeout=10)
    assert len(texts) == 2 and texts[0].startswith("Nomor A-002: giliran Anda hampir tiba")
    assert texts[1] == "Nomor A-002: silakan ke Loket 2"


def test_a_transfer_keeps_her_opt_in_and_she_is_told_her_new_counter(smsd, tmp_path, anjungan):
    from kiosk.services import open_services

    cfg = config(tmp_path, smsd, max_per_ticket=3)
    anjungan(cfg, "db", "upgrade")
    anjungan(cfg, "issue", "--nik", NIKS[0], "--service", "INFO", "--sms", PHONE)
    anjungan(cfg, "call", "--counter", "1")
    anjungan(cfg, "notifier", "--once")                                        # called at Loket 1
    texts = [text for _, text in sent_messages(smsd)]      # read round by round: within one second
    out, _ = anjungan(cfg, "transfer", "--counter", "1", "--to", "JHT", "--reason", "klaim", "--json")
    new_id = __import__("json").loads(out)["ticket"]["ticket_id"]
    anjungan(cfg, "notifier", "--once")                                        # the opt-in follows her
    texts += [text for _, text in sent_messages(smsd)]     # the sent folder's names do not keep order
    anjungan(cfg, "call", "--counter", "4")
    anjungan(cfg, "notifier", "--once")
    texts += [text for _, text in sent_messages(smsd)]
    assert texts[0] == "Nomor A-001: silakan ke Loket 1" and texts[-1].endswith("silakan ke Loket 4")
    assert len(texts) == 3                          # her call, almost her turn at JHT, her call there
    svc = open_services(db_url=f"sqlite:///{tmp_path / 'q.sqlite'}", config_path=cfg)
    try:
        assert svc.sms_opted_in(new_id)
    finally:
        svc.close()

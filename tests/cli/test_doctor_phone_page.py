"""`anjungan doctor` says the phone page needs `[web] public_url`, and the paper ticket's QR code is
captioned "Pindai untuk melihat antrian di ponsel" when it opens the phone page."""
from __future__ import annotations

import json

from kiosk.cli import main


def _doctor(capsys, tmp_path, url: str | None) -> dict:
    cfg = tmp_path / "branch.toml"
    cfg.write_text('extends = "default.toml"\n' + (f'[web]\npublic_url = "{url}"\n' if url else ""))
    main(["--config", str(cfg), "doctor", "--json", "--machine", "kiosk"])
    doc = json.loads(capsys.readouterr().out)
    return next(c for c in doc["checks"] if c["name"] == "phone_page")


def test_doctor_says_the_phone_page_needs_public_url(capsys, tmp_path):
    off = _doctor(capsys, tmp_path, None)
    assert off["message"].startswith("Halaman ponsel mati: tanpa [web] public_url")
    assert "set public_url" in off["message_en"]
    on = _doctor(capsys, tmp_path, "http://10.0.0.5:8080")
    assert on["message"] == "Halaman ponsel aktif: kode QR tiket membuka http://10.0.0.5:8080/t/…."


def test_the_paper_captions_the_qr_code_that_opens_the_phone_page(make_services, tmp_path):
    from dataclasses import replace

    from kiosk.services import demo_config

    config = demo_config()
    online = make_services(f"sqlite:///{tmp_path / 'a.sqlite'}", config=replace(config, web=replace(
        config.web, public_url="http://10.0.0.5:8080")))
    t = online.issue("3171012902001234", "INFO")
    assert online.ticket_data(t.ticket_id).qr_caption == "Pindai untuk melihat antrian di ponsel"
    assert online.ticket_data(t.ticket_id, lang="en").qr_caption == "Scan to see the queue on your phone"
    offline = make_services(f"sqlite:///{tmp_path / 'b.sqlite'}")
    t = offline.issue("3171012902001234", "INFO")
    assert offline.ticket_data(t.ticket_id).qr_caption is None          # a reference, not a link: no promise

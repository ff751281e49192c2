"""Reading a few synthetic tray pictures with the real reader (OpenCV + the OCR engine); the
full accuracy set is the benchmark (tests/bench/bench_ktp.py). And `anjungan ktp read`."""
from __future__ import annotations

import json
import logging
from datetime import date

import pytest

pytest.importorskip("rapidocr_onnxruntime")
pytest.importorskip("cv2")

from kiosk.demo.ktp_pictures import (  # noqa: E402
    KtpFace, Spoil, draw_family_card, draw_ktp, draw_membership_card, empty_tray, on_tray,
)
from kiosk.ktp import read_ktp  # noqa: E402

TODAY = date(2026, 11, 23)
SITI = KtpFace(nik="3171016606590003", name="SITI AMINAH", birth_date=date(1959, 6, 26), sex="F")
KEYS = {"nik", "nik_valid", "sure", "birth_date", "agrees_with_card", "ms"}


def frame(picture):
    import numpy as np

    return np.ascontiguousarray(np.asarray(picture.convert("RGB"))[:, :, ::-1])


def test_a_turned_card_under_glare_with_a_thumb_on_a_corner_reads_sure_and_right(caplog):
    caplog.set_level(logging.DEBUG)
    picture = on_tray(draw_ktp(SITI, seed=5), Spoil(angle=-15, glare=0.5, thumb=True, blur=0.8, light=0.7), seed=5)
    read = read_ktp(frame(picture), TODAY)
    assert (read.nik, read.nik_valid, read.sure, read.agrees_with_card) == (SITI.nik, True, True, True)
    assert read.birth_date == date(1959, 6, 26)
    assert set(read.to_json()) == KEYS
    assert SITI.nik not in repr(read)
    assert not any(SITI.nik in r.getMessage() or "SITI" in r.getMessage() for r in caplog.records)


def test_a_card_laid_upside_down_is_read_too():
    picture = on_tray(draw_ktp(SITI, seed=2).rotate(180), Spoil(angle=6), seed=2)
    read = read_ktp(frame(picture), TODAY)
    assert read.nik == SITI.nik and read.sure


def test_a_family_card_a_membership_card_and_an_empty_tray_are_no_ktp():
    family = read_ktp(frame(on_tray(draw_family_card(SITI.nik), Spoil(angle=-5))), TODAY)
    member = read_ktp(frame(on_tray(draw_membership_card("16012345678", nik=SITI.nik), Spoil(angle=7))), TODAY)
    empty = read_ktp(frame(empty_tray()), TODAY)
    assert (family.kind, family.nik) == ("family_card", None)
    assert (member.kind, member.nik) == ("other", None)
    assert (empty.kind, empty.nik) == ("none", None)


def test_ktp_read_prints_one_json_document_and_a_family_card_is_one_sentence(tmp_path, capsys, monkeypatch):
    from kiosk.cli import main

    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:30:00+07:00")
    card = tmp_path / "ktp.jpg"
    on_tray(draw_ktp(SITI, seed=1), Spoil(angle=9), seed=1).save(card, quality=90)
    assert main(["ktp", "read", str(card), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == KEYS
    assert doc["nik"] == SITI.nik and doc["birth_date"] == "1959-06-26" and doc["agrees_with_card"] is True
    assert main(["ktp", "read", str(card)]) == 0
    text = capsys.readouterr().out
    assert "************0003" in text and SITI.nik not in text
    family = tmp_path / "kk.png"
    on_tray(draw_family_card(SITI.nik), Spoil(angle=3)).save(family)
    assert main(["ktp", "read", str(family), "--json"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1 and "Kartu Keluarga, bukan KTP" in out.err
    nothing = tmp_path / "tray.png"
    empty_tray().save(nothing)
    assert main(["ktp", "read", str(nothing)]) == 1
    assert "Tidak ada KTP pada gambar" in capsys.readouterr().err
    (tmp_path / "notes.png").write_text("not a picture")
    assert main(["ktp", "read", str(tmp_path / "notes.png")]) == 1
    assert "tidak dapat dibuka sebagai gambar" in capsys.readouterr().err

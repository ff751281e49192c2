"""An online channel is named in the screen's language: "Lapak Asik (layanan tanpa kontak fisik)"
on Indonesian screens, "Lapak Asik (contactless service)" on English ones."""
from __future__ import annotations

from kiosk.config import load_config
from kiosk.domain.branch import OnlineChannel
from kiosk.domain.classification import _channel_text


def test_the_shipped_branch_names_lapak_asik_in_english_on_english_screens():
    jht = load_config("config/default.toml").branch.service("JHT")
    assert jht.online.name_in("id") == "Lapak Asik (layanan tanpa kontak fisik)"
    assert jht.online.name_in("en") == "Lapak Asik (contactless service)"


def test_a_refusal_naming_the_channel_names_it_in_each_language():
    ch = OnlineChannel(name="Lapak Asik (layanan tanpa kontak fisik)", name_en="Lapak Asik (contactless service)")
    text_id, text_en, _key = _channel_text(ch, "reason.online_only")
    assert "layanan tanpa kontak fisik" in text_id and "contactless service" in text_en
    assert "layanan tanpa" not in text_en


def test_a_channel_without_an_english_name_keeps_its_one_name():
    ch = OnlineChannel(name="JMO")
    assert ch.name_in("en") == "JMO" and ch.names == ("JMO", "JMO")

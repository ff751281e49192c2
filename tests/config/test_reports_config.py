"""The head of service's sections: service-level targets and the SKM wording, and their mistakes."""
from __future__ import annotations

import re

import pytest

from kiosk.config import load_config, parse_config
from kiosk.config.reports import SkmConfig
from kiosk.domain.errors import ConfigError
from tests.config.test_config import DEFAULT_TEXT


def test_the_default_branch_has_targets_and_the_regulations_questionnaire():
    config = load_config()
    assert config.reports.target("JHT") == 45 and config.reports.target("INFO") == 30
    assert config.reports.rating_timeout_s == 30
    u4 = config.skm.element("u4")
    assert u4.answers("id") == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert "biaya" in u4.question("id") and u4.question("en")
    assert "Swasta" in config.skm.occupations and [e.code for e in config.skm.elements] == [
        f"u{i}" for i in range(1, 10)]
    assert config.branch.service("JHT").quota_per_counter == 8 and config.branch.service("INFO").quota_per_counter is None


def test_a_branch_rewords_an_element():
    text = DEFAULT_TEXT + '''
[[skm.elements]]
code = "U4"
question = "Apakah ada pungutan?"
answers = ["Ada pungutan", "Diminta imbalan", "Tidak ada", "Gratis sesuai ketentuan"]
answers_en = ["Charged", "Asked for a tip", "None", "Free as it should be"]
'''
    skm = parse_config(text, "x.toml").skm
    assert skm.element("u4").question("id") == "Apakah ada pungutan?"
    assert skm.element("u4").question("en") == "Apakah ada pungutan?"       # reworded: no stale English
    assert skm.element("u1") == SkmConfig().element("u1")




@pytest.mark.parametrize("old,new,key,words", [
    ("target_wait_min = 30", "target_wait_min = 0", "reports.target_wait_min", "minimal 1"),
    ("JHT = 45\nJKK", "JHX = 45\nJKK", "reports.target_wait_by_service.JHX", "layanan tidak dikenal"),
    ("rating_timeout_s = 30", "rating_timeout_s = 30\nrating_timout = 5", "reports.rating_timout",
     "kunci tidak dikenal"),
    ('sexes = ["Laki-laki", "Perempuan"]', "sexes = []", "skm.sexes", "tidak boleh kosong"),
    ("[skm]\n", '[skm]\n[[skm.elements]]\ncode = "u10"\n', "skm.elements[0].code", "9 unsur"),
    ("[skm]\n", '[skm]\n[[skm.elements]]\ncode = "u2"\nanswers = ["a", "b"]\n', "skm.elements[0].answers",
     "4 jawaban"),
])
def test_a_mistake_names_file_key_and_reason(old, new, key, words):
    assert old in DEFAULT_TEXT, old
    with pytest.raises(ConfigError) as info:
        parse_config(DEFAULT_TEXT.replace(old, new, 1), "config/x.toml")
    msg = str(info.value)
    assert msg.startswith(f"config/x.toml: {key}: ") and words in msg, msg
    assert re.search(r"\(.+\)$", msg) and info.value.exit_status == 2

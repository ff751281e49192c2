"""A status source gets NIKs: only over https, except to this machine, unless the branch writes
`allow_plain_http = true` (and is warned at every start).

Before: a plain `http://` source on the LAN was accepted and the NIK went over the network in clear.
"""
from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from kiosk.config import parse_config
from kiosk.config.loader import default_config_path
from kiosk.domain.errors import ConfigError
from kiosk.domain.privacy import sent_in_clear


def config_with(directory: str):
    base = default_config_path().read_text(encoding="utf-8")
    head, tail = base.split("[directory]", 1)
    tail = tail.split("\n[", 1)[1]
    return parse_config(f"{head}[directory]\n{directory}\n\n[{tail}", "x.toml")


@pytest.mark.parametrize("url,clear", [("https://10.0.0.5/api", False), ("http://10.0.0.5/api", True),
                                       ("http://status.cabang/api", True), ("http://127.0.0.1:8080/x", False),
                                       ("http://127.8.9.1/x", False), ("http://localhost/x", False),
                                       ("http://[::1]:80/x", False), ("HTTP://10.0.0.5/", True),
                                       ("http://127.0.0.1.evil.example/x", True)])
def test_what_counts_as_in_clear(url, clear):
    assert sent_in_clear(url) is clear


def test_plain_http_to_another_machine_is_refused_naming_the_key():
    with pytest.raises(ConfigError, match=r"directory\.url.*https"):
        config_with('kind = "http"\nurl = "http://10.20.0.5/api/peserta"')
    with pytest.raises(ConfigError, match=r"directory\.card_url"):
        config_with('kind = "http"\nurl = "https://10.20.0.5/api"\ncard_url = "http://10.20.0.5/kartu/{card}"')


def test_https_and_this_machine_are_accepted():
    assert config_with('kind = "http"\nurl = "https://status.cabang/api"').directory.url.startswith("https")
    assert config_with('kind = "http"\nurl = "http://127.0.0.1:9000/api"').directory.allow_plain_http is False


def test_allow_plain_http_is_accepted_and_warned_at_start(caplog):
    from kiosk.app.sources import make_directory

    config = config_with('kind = "http"\nurl = "http://10.20.0.5/api"\nallow_plain_http = true')
    assert config.directory.allow_plain_http is True
    with caplog.at_level(logging.WARNING, logger="anjungan.directory"):
        source = make_directory(config.directory, None, None)
    assert source.url == "http://10.20.0.5/api"
    assert any("plain http" in r.getMessage() for r in caplog.records)


def test_the_sources_refuse_it_on_their_own_too():
    from kiosk.directory.http import HttpSource
    from kiosk.directory.vclaim import VClaimSource

    with pytest.raises(ValueError):
        HttpSource("http://10.0.0.5/api")
    with pytest.raises(ValueError):
        VClaimSource("http://10.0.0.5/vclaim", "c", "s", "k")
    assert HttpSource("http://10.0.0.5/api", allow_plain_http=True).url
    assert HttpSource("http://127.0.0.1:1/api").url

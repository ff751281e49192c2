"""The phone status page as HTML: the ticket's state written in at the server (so it reads
without script), then kept live by a small script (server-sent events, plain polling as the
fallback). No framework, a few kilobytes in all."""
from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from string import Template

from kiosk.domain.catalog import tr

POLL_S = 15
ASSETS = ("status.css", "status.js")


@lru_cache(maxsize=None)
def asset(name: str) -> bytes:
    return resources.files("kiosk.web").joinpath("assets", name).read_bytes()


@lru_cache(maxsize=None)
def _template() -> Template:
    return Template(asset("status.html").decode("utf-8"))


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def status_page(doc: dict, lang: str) -> str:
    """The page for one ticket's phone view (`svc.public_ticket`)."""
    booking = doc.get("booking")
    documents = doc.get("documents") or []
    box = "calling" if doc.get("called") else ("over" if doc.get("final") else "")
    texts = {"live": tr("web.live", lang), "polling": tr("web.polling", lang, seconds=POLL_S),
             "offline": tr("web.offline", lang), "poll_s": POLL_S}
    data = json.dumps({"state": doc, "texts": texts}, ensure_ascii=False).replace("</", "<\\/")
    return _template().substitute(
        lang=_e(lang), title=_e(tr("web.title", lang)), number=_e(doc["number"]), branch=_e(doc.get("branch")),
        label_number=_e(tr("web.number", lang)), service_name=_e(doc.get("service_name")),
        booking_block=f'<p class="booked">{_e(booking["text"])}</p>' if booking else "",
        box_class=box, headline=_e(doc.get("headline")),
        figures_hidden="" if doc.get("ahead") is not None else " hidden",
        label_ahead=_e(tr("web.ahead", lang)), ahead=_e(doc.get("ahead")),
        label_wait=_e(tr("web.wait", lang)), wait_text=_e(doc.get("wait_text")),
        keep_open=_e(tr("web.keep_open", lang)),
        documents_block=(f"<h2>{_e(tr('web.documents', lang))}</h2><ul>"
                         + "".join(f"<li>{_e(d)}</li>" for d in documents) + "</ul>") if documents else "",
        updated=_e(doc.get("updated")), other_lang="id" if lang == "en" else "en",
        language=_e(tr("web.language", lang)), data=data)


def message_page(text: str, lang: str) -> str:
    """A page of one sentence (ticket not found, too many requests)."""
    return (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f'<title>{_e(tr("web.title", lang))}</title><link rel="stylesheet" href="../static/status.css"></head>'
            f'<body><main><section class="box over"><p class="headline">{_e(text)}</p></section></main></body></html>')


def index_page(branch: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(branch)}</title><link rel="stylesheet" href="static/status.css"></head>'
            f'<body><main><p class="service">{_e(tr("web.index", lang, branch=branch))}</p>'
            f'<p><a href="docs">{_e(tr("web.index.api", lang))}</a> · <a href="openapi.json">OpenAPI</a></p>'
            '</main></body></html>')

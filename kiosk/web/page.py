"""The phone status page as HTML: the ticket's state written in at the server (so it reads
without script), then kept live by a small script (server-sent events, plain polling as the
fallback). After the visit: the one-tap rating (four faces, a plain form that a script sends
without a reload) and the full SKM questionnaire on a page of its own. No framework, a few
kilobytes in all. Also the API documentation, written from the OpenAPI document."""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from string import Template

from urllib.parse import quote

from kiosk.domain.catalog import Lang, msgid, tr
from kiosk.domain.skm import ELEMENT_NAMES, SCALE, SCORE_NAMES

POLL_S = 15
ASSETS = ("status.css", "status.js", "survey.js", "docs.css")
_RESPONDENT = {"age_group": msgid("skm.age_group"), "sex": msgid("skm.sex"), "education": msgid("skm.education"),
               "occupation": msgid("skm.occupation")}
# the faces' mouths, 1 (frown) to 4 (broad smile), on a 40 × 40 face
_MOUTHS = {1: "M12 30Q20 21 28 30", 2: "M13 28Q20 25 27 28", 3: "M13 25Q20 31 27 25", 4: "M11 23Q20 35 29 23"}


@lru_cache(maxsize=None)
def asset(name: str) -> bytes:
    return resources.files("kiosk.web").joinpath("assets", name).read_bytes()


@lru_cache(maxsize=None)
def _template() -> Template:
    return Template(asset("status.html").decode("utf-8"))


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _face(score: int) -> str:
    return (f'<svg viewBox="0 0 40 40" aria-hidden="true"><circle cx="20" cy="20" r="18"/>'
            f'<circle class="e" cx="14" cy="16" r="2.6"/><circle class="e" cx="26" cy="16" r="2.6"/>'
            f'<path d="{_MOUTHS[score]}"/></svg>')


def _faces(lang: str) -> str:
    out = []
    for score in SCALE:
        word = tr(SCORE_NAMES[score], lang)
        out.append(f'<button type="submit" name="score" value="{score}" class="face f{score}" '
                   f'aria-label="{_e(tr("rating.face", lang, word=word, score=score))}">{_face(score)}'
                   f'<span>{_e(word)}</span></button>')
    return "".join(out)


def rating_shown(rating: dict | None) -> dict[str, bool]:
    """Which parts of the rating block show: faces until the visit is rated, the thanks after a
    tap, the questionnaire's thanks once it is sent, the link to it until then."""
    if not rating:
        return {"rate": False, "faces": False, "rated": False, "surveyed": False, "survey-link": False}
    return {"rate": True, "faces": rating.get("score") is None and not rating.get("survey"),
            "rated": rating.get("score") is not None and not rating.get("survey"),
            "surveyed": bool(rating.get("survey")), "survey-link": not rating.get("survey")}


def _hidden(on: bool) -> str:
    return "" if on else " hidden"


def status_page(doc: dict, lang: str) -> str:
    """The page for one ticket's phone view (`svc.public_ticket`)."""
    booking = doc.get("booking")
    ref = quote(doc["ref"], safe="")
    shown = rating_shown(doc.get("rating"))
    documents = doc.get("documents") or []
    box = "calling" if doc.get("called") else ("over" if doc.get("final") else "")
    texts = {"live": tr("web.live", lang), "polling": tr("web.polling", lang, seconds=POLL_S),
             "offline": tr("web.offline", lang), "poll_s": POLL_S, "rate_failed": tr("web.rate.failed", lang),
             "armed": tr("web.armed", lang)}
    data = json.dumps({"state": doc, "texts": texts}, ensure_ascii=False).replace("</", "<\\/")
    return _template().substitute(
        lang=_e(lang), title=_e(tr("web.title", lang)), number=_e(doc["number"]), branch=_e(doc.get("branch")),
        label_number=_e(tr("web.number", lang)), service_name=_e(doc.get("service_name")),
        booking_block=f'<p class="booked">{_e(booking["text"])}</p>' if booking else "",
        box_class=box, headline=_e(doc.get("headline")),
        figures_hidden="" if doc.get("ahead") is not None else " hidden",
        label_ahead=_e(tr("web.ahead", lang)), ahead=_e(doc.get("ahead")),
        label_wait=_e(tr("web.wait", lang)), wait_text=_e(doc.get("wait_text")),
        keep_open=_e(tr("web.keep_open", lang)), arm=_e(tr("web.arm", lang)),
        documents_block=(f"<h2>{_e(tr('web.documents', lang))}</h2><ul>"
                         + "".join(f"<li>{_e(d)}</li>" for d in documents) + "</ul>") if documents else "",
        updated=_e(doc.get("updated")), other_lang=Lang.of(lang).other,
        language=_e(tr("web.language", lang)), data=data,
        refresh="" if doc.get("final") else '<noscript><meta http-equiv="refresh" content="30"></noscript>',
        keep_hidden=_hidden(not doc.get("final")), ref=ref, rate_hidden=_hidden(shown["rate"]),
        faces_hidden=_hidden(shown["faces"]),
        rated_hidden=_hidden(shown["rated"]), surveyed_hidden=_hidden(shown["surveyed"]),
        link_hidden=_hidden(shown["survey-link"]), rate_ask=_e(tr("rating.ask", lang)), faces=_faces(lang),
        rated=_e(tr("rating.thanks", lang)), rated_hint=_e(tr("rating.thanks_hint", lang)),
        surveyed=_e(tr("skm.thanks", lang)), survey_link=_e(tr("rating.full_survey", lang)))


def _head(lang: str, title: str, root: str) -> str:
    return (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f'<meta name="referrer" content="no-referrer"><title>{_e(title)}</title>'
            f'<link rel="stylesheet" href="{root}static/status.css"></head>')


def _back(ref: str | None, lang: str, root: str) -> str:
    if not ref:
        return ""
    return (f'<p class="lang"><a href="{root}t/{quote(ref, safe="")}?lang={_e(lang)}">'
            f'{_e(tr("web.survey.back", lang))}</a></p>')


def message_page(text: str, lang: str, *, root: str = "../", back: str | None = None) -> str:
    """A page of one sentence (ticket not found, too many requests, a refused rating); `root` leads
    from the page's address to the server's root, `back` is the reference of the page to go back to."""
    return (_head(lang, tr("web.title", lang), root)
            + f'<body><main><section class="box over"><p class="headline" id="message">{_e(text)}</p></section>'
            + _back(back, lang, root) + '</main></body></html>')


def survey_page(doc: dict, skm, lang: str, *, given: dict | None = None, error: str | None = None) -> str:
    """The full SKM questionnaire for one finished visit: the nine elements with the configured
    wording (`skm` is the branch's `SkmConfig`), the optional respondent data and a suggestion.
    `given` refills a form sent back with `error`."""
    given = given or {}
    parts = [_head(lang, f'{tr("skm.title", lang)} {doc["number"]}', "../../"), "<body><main>",
             f'<p class="branch">{_e(doc.get("branch"))}</p>',
             f'<h1>{_e(tr("skm.title", lang))}</h1>',
             f'<p class="service">{_e(doc["number"])} · {_e(doc.get("service_name"))}</p>',
             f'<p id="survey-intro" class="hint">{_e(tr("web.survey.intro", lang))}</p>',
             f'<p id="survey-error" class="error" role="alert"{_hidden(bool(error))}>{_e(error)}</p>',
             f'<form id="survey" class="survey" method="post" action="survey?lang={_e(lang)}">']
    count = len(skm.elements)
    for index, element in enumerate(skm.elements, start=1):
        name = tr(ELEMENT_NAMES[element.code], lang)
        parts.append(f'<fieldset class="q" id="q-{element.code}"><legend><span class="el">'
                     f'{_e(tr("web.survey.element", lang, index=index, name=name))}</span>'
                     f'{_e(element.question(lang))}</legend>')
        for score, answer in zip(SCALE, element.answers(lang)):
            checked = " checked" if str(given.get(element.code, "")) == str(score) else ""
            parts.append(f'<label><input type="radio" name="{element.code}" value="{score}" required{checked}>'
                         f'<b>{score}</b> {_e(answer)}</label>')
        parts.append("</fieldset>")
    parts.append(f'<fieldset class="who"><legend>{_e(tr("skm.respondent", lang))}</legend>')
    for name in _RESPONDENT:
        options = [f'<option value="">{_e(tr("skm.not_said", lang))}</option>']
        for choice in skm.choices(name):
            selected = " selected" if given.get(name) == choice else ""
            options.append(f'<option{selected}>{_e(choice)}</option>')
        parts.append(f'<label>{_e(tr(_RESPONDENT[name], lang))}<select name="{name}">'
                     f'{"".join(options)}</select></label>')
    parts.append("</fieldset>")
    parts.append(f'<label class="say">{_e(tr("skm.suggestion", lang))}'
                 f'<textarea name="suggestion" rows="4" maxlength="1000">{_e(given.get("suggestion"))}'
                 '</textarea></label>')
    parts.append(f'<button type="submit" class="send">{_e(tr("skm.send", lang))}</button></form>')
    parts.append(f'<section id="survey-done" class="box over" hidden><p class="headline">{_e(tr("skm.thanks", lang))}'
                 '</p></section>')
    parts.append(_back(doc["ref"], lang, "../../"))
    data = json.dumps({"failed": tr("web.survey.failed", lang), "lang": lang, "count": count},
                      ensure_ascii=False).replace("</", "<\\/")
    parts.append(f'</main><script type="application/json" id="data">{data}</script>'
                 '<script src="../../static/survey.js" defer></script></body></html>')
    return "".join(parts)


def index_page(branch: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(branch)}</title><link rel="stylesheet" href="static/status.css"></head>'
            f'<body><main><p class="service">{_e(tr("web.index", lang, branch=branch))}</p>'
            f'<p><a href="docs">{_e(tr("web.index.api", lang))}</a> · <a href="openapi.json">OpenAPI</a></p>'
            '</main></body></html>')


# --------------------------------------------------------------------------- the API documentation

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_text(schema: dict) -> str:
    """A schema in a few words: `string ≤ 32`, `integer 1–4`, `array of Booking`, a link to a
    named schema, `string | null`."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f'<a href="#schema-{_e(name)}">{_e(name)}</a>'
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(_schema_text(s) for s in schema[key])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if kind == "array":
        return f"array of {_schema_text(schema.get('items', {}))}"
    words = [_e(kind)]
    if "enum" in schema:
        words.append("(" + ", ".join(_e(json.dumps(v, ensure_ascii=False)) for v in schema["enum"]) + ")")
    if "format" in schema:
        words.append(_e(schema["format"]))
    lo, hi = schema.get("minimum", schema.get("minLength")), schema.get("maximum", schema.get("maxLength"))
    if lo is not None and hi is not None:
        words.append(f"{_e(lo)}–{_e(hi)}")
    elif hi is not None:
        words.append(f"≤ {_e(hi)}")
    elif lo is not None:
        words.append(f"≥ {_e(lo)}")
    if "pattern" in schema:
        words.append(f"<code>{_e(schema['pattern'])}</code>")
    return " ".join(words)


def _fields(schema: dict, lang: str) -> str:
    """The properties of an object schema as rows: name, required, type, description."""
    props = schema.get("properties") or {}
    if not props:
        return f"<p>{_schema_text(schema)}</p>"
    required = set(schema.get("required") or ())
    rows = []
    for name, prop in props.items():
        need = tr("web.docs.required" if name in required else "web.docs.optional", lang)
        extra = []
        if "default" in prop and prop["default"] is not None:
            extra.append(tr("web.docs.default", lang, value=json.dumps(prop["default"], ensure_ascii=False)))
        note = " · ".join(_e(x) for x in [prop.get("description") or prop.get("title") or "", *extra] if x)
        rows.append(f"<tr><td><code>{_e(name)}</code></td><td>{_e(need)}</td><td>{_schema_text(prop)}</td>"
                    f"<td>{note}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _operation(path: str, method: str, op: dict, anchor: str, lang: str) -> list[str]:
    """One operation's section: its summary, roles, parameters, request body and answers."""
    roles = op.get("x-roles")
    who = (tr("web.docs.no_token", lang) if roles == [] else
           tr("web.docs.roles", lang, roles=", ".join(roles)) if roles else "")
    parts = [f'<section class="op" id="{anchor}"><h3><span class="m {method}">'
             f'{method.upper()}</span> <code>{_e(path)}</code></h3>'
             f'<p class="sum">{_e(op.get("summary", ""))}</p>']
    if op.get("description"):
        parts.append(f'<p>{_e(op["description"])}</p>')
    if who:
        parts.append(f'<p class="roles">{_e(who)}</p>')
    parts += _parameters(op.get("parameters") or [], lang)
    body = op.get("requestBody")
    if body:
        content = body.get("content", {})
        parts.append(f'<h4>{_e(tr("web.docs.body", lang, types=", ".join(content)))}</h4>')
        schema = next(iter(content.values()), {}).get("schema", {})
        parts.append(f"<p>{_schema_text(schema)}</p>" if "$ref" in schema else _fields(schema, lang))
    parts += _answers(op.get("responses") or {}, lang)
    parts.append("</section>")
    return parts


def _parameters(params: list, lang: str) -> list[str]:
    if not params:
        return []
    parts = [f'<h4>{_e(tr("web.docs.parameters", lang))}</h4><table>']
    for prm in params:
        need = tr("web.docs.required" if prm.get("required") else "web.docs.optional", lang)
        parts.append(f'<tr><td><code>{_e(prm.get("name"))}</code></td><td>{_e(prm.get("in"))}, {_e(need)}</td>'
                     f'<td>{_schema_text(prm.get("schema", {}))}</td>'
                     f'<td>{_e(prm.get("description", ""))}</td></tr>')
    parts.append("</table>")
    return parts


def _answers(responses: dict, lang: str) -> list[str]:
    if not responses:
        return []
    parts = [f'<h4>{_e(tr("web.docs.responses", lang))}</h4><ul class="answers">']
    for code, answer in responses.items():
        shapes = [_schema_text(c.get("schema", {})) + f" <small>{_e(t)}</small>"
                  for t, c in (answer.get("content") or {}).items() if c.get("schema")]
        parts.append(f'<li><b>{_e(code)}</b> {_e(answer.get("description", ""))}'
                     + (f" — {'; '.join(shapes)}" if shapes else "") + "</li>")
    parts.append("</ul>")
    return parts


def docs_page(openapi: dict, lang: str, branch: str) -> str:
    """The API documentation written from the service's own OpenAPI document: every path and
    method with its roles, parameters, request body and answers, then the schemas. Nothing is
    loaded from elsewhere, so it reads on a branch LAN without internet."""
    info = openapi.get("info", {})
    ops = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                ops.append((path, method, item[method]))
    anchor = {(p, m): f"op-{m}-" + re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-") for p, m, _ in ops}
    parts = [f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f'<title>{_e(tr("web.docs.title", lang, branch=branch))}</title>'
             '<link rel="stylesheet" href="static/docs.css"></head><body><main>',
             f'<h1>{_e(info.get("title", ""))} <small>v{_e(info.get("version", ""))} · '
             f'OpenAPI {_e(openapi.get("openapi", ""))}</small></h1>',
             f'<p>{_e(info.get("description", ""))}</p>',
             f'<p>{_e(tr("web.docs.auth", lang))}</p>',
             f'<p><a href="openapi.json">{_e(tr("web.docs.openapi", lang))}</a> · '
             f'<a href="?lang={Lang.of(lang).other}">{_e(tr("web.language", lang))}</a></p>',
             f'<h2>{_e(tr("web.docs.endpoints", lang))}</h2><ul class="toc">']
    for path, method, op in ops:
        parts.append(f'<li><a href="#{anchor[path, method]}"><span class="m {method}">{method.upper()}</span> '
                     f'<code>{_e(path)}</code></a> {_e(op.get("summary", ""))}</li>')
    parts.append("</ul>")
    for path, method, op in ops:
        parts += _operation(path, method, op, anchor[path, method], lang)
    schemas = (openapi.get("components") or {}).get("schemas") or {}
    if schemas:
        parts.append(f'<h2>{_e(tr("web.docs.schemas", lang))}</h2>')
        for name, schema in schemas.items():
            parts.append(f'<section class="schema" id="schema-{_e(name)}"><h3>{_e(name)}</h3>')
            if schema.get("description"):
                parts.append(f'<p>{_e(schema["description"])}</p>')
            parts.append(_fields(schema, lang) + "</section>")
    parts.append("</main></body></html>")
    return "".join(parts)

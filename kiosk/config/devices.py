"""The settings of the machines at the branch: the ticket printer, the kiosk (idle time, staff
and admin PIN hashes, languages), the hall display and the voice that calls tickets.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from kiosk.config.reader import Table
from kiosk.domain.catalog import LANGUAGES, ByLanguage, Lang, pair
from kiosk.domain.branch import Branch
from kiosk.domain.idle import DEFAULT_WARNING_S, MIN_WARNING_S
from kiosk.domain.pins import parse_pin_hash, verify_pin
from kiosk.domain.speech import LetterRule
from printer.settings import PrinterSettings, is_known_profile, known_profiles
from printer import texts as printer_texts

# the printer package says its faults, errors and status in the catalog's words
printer_texts.use(pair)

__all__ = [
    "LANGUAGES", "MIN_INACTIVITY_S", "PAPER_WIDTHS", "PREVIEW_DEFAULT", "PRINTER_SCHEMES",
    "VOICE_BACKENDS", "DisplayConfig", "KioskConfig", "VoiceConfig", "read_display", "read_kiosk",
    "read_printer", "read_voice",
]

MIN_INACTIVITY_S = 45
VOICE_BACKENDS = ("clips", "espeak", "qt", "silent")
LETTER_RULES = tuple(r.value for r in LetterRule)
PAPER_WIDTHS = (58, 80)
PRINTER_SCHEMES = ("tcp", "usb", "serial", "file", "cups", "preview", "dummy")
PREVIEW_DEFAULT = "preview://"      # preview printer writing into the user data dir


@dataclass(frozen=True)
class KioskConfig:
    inactivity_s: int = MIN_INACTIVITY_S
    staff_pin_hash: str | None = None
    admin_pin_hash: str | None = None
    large_text: bool = False
    spoken_guidance: bool = True
    languages: tuple[Lang, ...] = LANGUAGES
    idle_warning_s: int = DEFAULT_WARNING_S     # the walk-away countdown before a visit ends
    camera: str = "none"        # the KTP tray's camera: "none", "qt" (the first camera), "files:DIR"

    @property
    def default_language(self) -> str:
        """The language every visit starts in (the first of `languages`)."""
        return self.languages[0]

    def check_pin(self, pin: str, role: str = "staff") -> bool:
        """Admin PIN opens staff functions too; staff PIN does not open admin functions."""
        entered = self.pin_role(pin)
        return entered == "admin" or (entered is not None and role != "admin")

    def pin_role(self, pin: str) -> str | None:
        """Which PIN this is: "admin", "staff", or None."""
        if verify_pin(pin, self.admin_pin_hash):
            return "admin"
        return "staff" if verify_pin(pin, self.staff_pin_hash) else None


@dataclass(frozen=True)
class DisplayConfig:
    running_text: tuple[str, ...] = ()
    title: str | None = None                   # the header's name (None: the branch's name)
    counters: tuple[int, ...] = ()             # empty: every counter
    services: tuple[str, ...] = ()             # empty: every service


@dataclass(frozen=True)
class VoiceConfig:
    backends: tuple[str, ...] = VOICE_BACKENDS
    clip_dir: str | None = None                # None: the bundled clips
    digit_by_digit: bool = False
    chime: bool = True
    repeat: int = 2                            # each call said this many times
    letter_rule: str = "service"               # how the letter is said (kiosk.domain.speech.LetterRule)


# --------------------------------------------------------------------------- the printer


def _check_printer_url(t: Table, name: str, url: str) -> None:
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in PRINTER_SCHEMES:
        t.fail(name, "config.unknown.printer_scheme", choices=", ".join(s + "://" for s in PRINTER_SCHEMES))
    from printer.connect import parse_url
    from printer.errors import PrinterError

    try:
        parse_url(url)              # file:// to an ordinary file, preview:// with `..`: refused at start
    except PrinterError as exc:
        t.fail(name, "config.printer.invalid", error=ByLanguage(exc.message, exc.message_en))


def read_printer(t: Table) -> PrinterSettings:
    url = t.str("url", PREVIEW_DEFAULT)
    _check_printer_url(t, "url", url)
    failover = t.opt_str("failover_url")
    if failover is not None:
        _check_printer_url(t, "failover_url", failover)
    paper = t.int("paper_mm", 80)
    if paper not in PAPER_WIDTHS:
        t.fail("paper_mm", "config.printer.paper")
    values = {}
    if t.has("profile"):
        values["profile"] = t.str("profile")
        if not is_known_profile(values["profile"]):       # refused now, not with a KeyError while printing
            t.fail("profile", "safety.printer.profile", profile=values["profile"], choices=", ".join(known_profiles()))
    if t.has("native_qr"):
        values["native_qr"] = t.bool("native_qr")
    if t.has("disable_feed_button"):
        values["disable_feed_button"] = t.bool("disable_feed_button")
    if t.has("codepage"):
        values["codepage"] = t.str("codepage")
    if t.has("timeout_s"):
        values["timeout_s"] = t.number("timeout_s")
    if failover is not None:
        values["failover_url"] = failover
    dpi = t.int("dpi", 203)
    if dpi not in (180, 203):
        t.fail("dpi", "config.printer.dpi")
    t.done()
    return _printer_settings(t, url, paper, dpi, values)


def _printer_settings(t: Table, url: str, paper_mm: int, dpi: int, values: dict) -> PrinterSettings:
    known = {f.name for f in fields(PrinterSettings)}
    values = {k: v for k, v in values.items() if k in known}
    try:
        return PrinterSettings.for_paper(url, paper_mm, dpi=dpi, **values)
    except (ValueError, TypeError) as exc:
        t.fail("", "config.printer.invalid", error=exc)


# --------------------------------------------------------------------------- kiosk, display, voice


def _read_pin_hash(t: Table, name: str) -> str | None:
    value = t.opt_str(name)
    if value is None:
        return None
    try:
        parse_pin_hash(value)
    except ValueError:
        t.fail(name, "config.kiosk.pin_hash")
    return value


def read_kiosk(t: Table) -> KioskConfig:
    inactivity = t.int("inactivity_s", MIN_INACTIVITY_S, lo=MIN_INACTIVITY_S, hi=3600)
    languages = t.str_list("languages", LANGUAGES, empty_ok=False)
    for lang in languages:
        if lang not in LANGUAGES:
            t.fail("languages", "config.unknown.language", lang=lang)
    k = KioskConfig(
        inactivity_s=inactivity,
        staff_pin_hash=_read_pin_hash(t, "staff_pin_hash"),
        admin_pin_hash=_read_pin_hash(t, "admin_pin_hash"),
        large_text=t.bool("large_text", False),
        spoken_guidance=t.bool("spoken_guidance", True),
        languages=tuple(Lang.of(lang) for lang in languages),
        idle_warning_s=t.int("idle_warning_s", DEFAULT_WARNING_S, lo=MIN_WARNING_S, hi=600),
        camera=_read_camera(t),
    )
    t.done()
    return k


def _read_camera(t: Table) -> str:
    value = t.str("camera", "none").strip()
    if value in ("none", "qt") or (value.startswith("files:") and value[len("files:"):].strip()):
        return value
    t.fail("camera", "config.kiosk.camera", value=value)


def read_display(t: Table, branch: Branch) -> DisplayConfig:
    running = t.str_list("running_text", ())
    counters = t.int_list("counters", ())
    for n in counters:
        if branch.counter(n) is None:
            t.fail("counters", "config.unknown.counter", number=n)
    services = tuple(s.upper() for s in t.str_list("services", ()))
    for code in services:
        if branch.service(code) is None:
            t.fail("services", "config.unknown.service", code=code)
    title = t.opt_str("title")
    t.done()
    return DisplayConfig(running_text=running, counters=counters, services=services, title=title)


def read_voice(t: Table, base_dir: Path) -> VoiceConfig:
    backends = t.str_list("backends", VOICE_BACKENDS, empty_ok=False)
    for b in backends:
        if b not in VOICE_BACKENDS:
            t.fail("backends", "config.unknown.voice", backend=b, choices=", ".join(VOICE_BACKENDS))
    if len(set(backends)) != len(backends):
        t.fail("backends", "config.duplicates")
    clip_dir = t.opt_str("clip_dir")
    if clip_dir is not None:
        clip_dir = str((base_dir / clip_dir).resolve())
    letter_rule = t.str("letter_rule", "service")
    if letter_rule not in LETTER_RULES:
        t.fail("letter_rule", "config.unknown.letter_rule", choices=", ".join(LETTER_RULES))
    v = VoiceConfig(backends=backends, clip_dir=clip_dir,
                    digit_by_digit=t.bool("digit_by_digit", False), chime=t.bool("chime", True),
                    repeat=t.int("repeat", 2, lo=1, hi=3), letter_rule=letter_rule)
    t.done()
    return v

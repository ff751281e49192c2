"""`anjungan announce NUMBER --counter N [--text]`: the spoken call from the command line."""
from __future__ import annotations

import argparse
import logging
import sys

from kiosk.cli import UserError
from kiosk.domain.catalog import tr

BACKEND_CHOICES = ("clips", "espeak", "qt", "silent")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "announce",
        help="speak a call (chime + 'Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga')",
        description="Speak a queue call, or print its Indonesian sentence with --text.",
    )
    p.add_argument("number", metavar="NUMBER", help="queue number, e.g. A-023")
    p.add_argument("--counter", "-c", type=int, required=True, metavar="N", help="counter (loket) number")
    p.add_argument("--text", action="store_true", help="print the sentence instead of speaking it")
    p.add_argument("--digits", action="store_true", default=None,
                   help="read the number digit by digit (nol, dua, tiga)")
    p.add_argument("--backend", choices=BACKEND_CHOICES, action="append",
                   help="voice to use (repeat to give an order); default from the configuration")
    p.add_argument("--clip-dir", metavar="DIR", help="folder of recorded clips (see docs/voice.md)")
    p.add_argument("--player", choices=("auto", "paplay", "pw-play", "aplay", "qt", "none"),
                   help="how sound reaches the speakers")
    p.add_argument("--no-chime", action="store_true", help="no chime before the call")
    p.add_argument("--wav", metavar="FILE", help="write the call (chime + voice) to a WAV file instead of playing it")
    p.set_defaults(handler=run_announce)


def _configured_voice(config_path: str | None):
    """The configuration's voice section, or None when no configuration exists yet."""
    from kiosk import config as config_module

    if config_path is None and not config_module.default_config_path().exists():
        return None
    return config_module.load_config(config_path).voice


def _configured_names(config_path: str | None) -> tuple[tuple[str, str], ...]:
    """(letter, spoken name) of the configured services, () when no configuration exists yet."""
    from kiosk import config as config_module
    from kiosk.voice.settings import service_names

    if config_path is None and not config_module.default_config_path().exists():
        return ()
    return service_names(config_module.load_config(config_path).branch)


def run_announce(args: argparse.Namespace) -> int:
    from kiosk.domain.queue import TicketNumberError
    from kiosk.domain.words import call_sentence
    from kiosk.voice.settings import coerce_settings

    voice = _configured_voice(args.config)
    try:
        settings = coerce_settings(
            voice, service_names=(_configured_names(args.config) or None) if voice is not None else None,
            digit_by_digit=args.digits,
            backends=tuple(args.backend) if args.backend else None,
            clip_dir=args.clip_dir,
            player=args.player,
            chime=False if args.no_chime else None,
        )
    except ValueError as exc:
        raise UserError.of("cli.voice.settings", error=exc) from None
    if args.counter < 1 or args.counter > 9999:
        raise UserError.of("cli.voice.counter", counter=args.counter)
    try:
        letter = args.number.strip().upper()[:1]
        said = settings.letter_said(letter) if "A" <= letter <= "Z" else None
        sentence = call_sentence(args.number, args.counter, settings.digit_by_digit, said)
    except TicketNumberError as exc:
        raise UserError(tr("cli.two_languages", message=exc.message, message_en=exc.message_en), key=exc.key) from None
    if args.text:
        sys.stdout.write(sentence + "\n")
        return 0
    from kiosk.services import logsetup

    logsetup.echo_to_stderr(logging.INFO, "anjungan: %(message)s")
    _refuse_a_missing_voice(args, settings)
    if args.wav:
        return _write_wav(args, settings)
    from kiosk.voice.announcer import Announcer

    announcer = Announcer(settings)
    try:
        announcer.announce(args.number, args.counter)
        announcer.wait_idle()
    finally:
        announcer.close()
    spoken = announcer.history[-1] if announcer.history else None
    if spoken is not None and spoken.error:
        raise UserError.of("cli.voice.not_spoken", error=spoken.error)
    return 0


def _write_wav(args: argparse.Namespace, settings) -> int:
    from pathlib import Path

    from kiosk.voice.announcer import Announcer
    from kiosk.voice.sinks import RecordingSink
    from kiosk.voice.wav import join, read_wav, write_wav

    sink = RecordingSink(realtime=False)
    announcer = Announcer(settings, sink=sink)
    try:
        announcer.announce(args.number, args.counter)
        announcer.wait_idle()
    finally:
        announcer.close()
    spoken = announcer.history[-1]
    if spoken.error:
        raise UserError.of("cli.voice.not_spoken", error=spoken.error)
    if not sink.played:
        raise UserError.of("cli.voice.nothing")
    audio = join([read_wav(p.wav) for p in sink.played])
    try:
        Path(args.wav).write_bytes(write_wav(audio))
    except OSError as exc:
        raise UserError.of("cli.voice.wav_unwritable", error=exc) from None
    sys.stdout.write(f"{args.wav}\n")
    return 0


def _refuse_a_missing_voice(args: argparse.Namespace, settings) -> None:
    """A voice asked for by name (`--backend`) that does not work here is said in one sentence,
    never replaced by a silent call or a chime-only file."""
    if not args.backend or "silent" in args.backend:
        return
    from kiosk.voice.backends import make_backend

    reasons = []
    for name in args.backend:
        reason = make_backend(name, settings).available()
        if reason is None:
            return
        reasons.append((name, reason))
    name, reason = reasons[0]
    if name == "clips":
        raise UserError.of("cli.voice.no_clips", reason=reason)
    raise UserError.of("cli.voice.unavailable", backend=name, reason=reason)

"""The hall's spoken call: its settings and what the command line says about the voice."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "config.unknown.letter_rule": ("cara menyebut huruf tidak dikenal; pilih dari {choices}",
                                   "unknown way to say the letter; choose from {choices}"),
    "cli.voice.no_clips": ("Tidak ada rekaman suara yang terpasang ({reason}); pasang rekaman menurut "
                           "docs/voice.md atau pilih --backend espeak.",
                           "No recorded voice clips are installed ({reason}); install them as docs/voice.md "
                           "says or choose --backend espeak."),
    "cli.voice.unavailable": ("Suara {backend} tidak tersedia di komputer ini: {reason}.",
                              "The {backend} voice is not available on this computer: {reason}."),
}

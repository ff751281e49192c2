"""Which printer a kiosk prints to, and how wide its paper is."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

# Paper width in mm -> (printable dots, Font A columns) at 203 dpi.
PAPER = {58: (384, 32), 80: (576, 48)}
# 180-dpi printers (the TM-T88 series) fit fewer dots on 80 mm paper.
PAPER_180DPI = {80: (512, 42)}
DEFAULT_PROFILE = {58: "POS-5890", 80: "TM-T20II"}


@dataclass(frozen=True)
class PrinterSettings:
    """A printer URL plus what the layout needs to know about the device.

    `profile` is a python-escpos capability profile name (it tells whether the printer has
    native QR codes, a cutter, which code pages). `codepage` is the one code page tickets are
    printed in; characters it lacks are printed as plain ASCII.
    """

    url: str
    profile: str = "TM-T20II"
    paper_mm: int = 80
    dots: int = 576
    columns: int = 48
    native_qr: bool = True
    disable_feed_button: bool = True
    timeout_s: float = 3.0
    failover_url: str | None = None
    codepage: str = "CP437"

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPER:
            raise ValueError(f"paper_mm must be 58 or 80, not {self.paper_mm}")
        if not 16 <= self.columns <= 64:
            raise ValueError(f"columns must be between 16 and 64, not {self.columns}")
        if not 200 <= self.dots <= 832:
            raise ValueError(f"dots must be between 200 and 832, not {self.dots}")
        if not 0.1 <= self.timeout_s <= 60:
            raise ValueError(f"timeout_s must be between 0.1 and 60 seconds, not {self.timeout_s}")

    @classmethod
    def for_paper(cls, url: str, paper_mm: int, *, dpi: int = 203, **overrides) -> "PrinterSettings":
        """Settings for 58 mm or 80 mm paper (`dpi=180` for TM-T88-style printers)."""
        if paper_mm not in PAPER:
            raise ValueError(f"paper_mm must be 58 or 80, not {paper_mm}")
        dots, columns = (PAPER_180DPI if dpi == 180 else PAPER).get(paper_mm, PAPER[paper_mm])
        values = dict(
            url=url,
            paper_mm=paper_mm,
            dots=dots,
            columns=columns,
            profile="TM-T88V" if dpi == 180 and paper_mm == 80 else DEFAULT_PROFILE[paper_mm],
        )
        values.update(overrides)
        return cls(**values)

    def with_url(self, url: str) -> "PrinterSettings":
        return replace(self, url=url, failover_url=None)

    @property
    def cell_width(self) -> float:
        """Dots per character column in the printer's standard font."""
        return self.dots / self.columns


@lru_cache(maxsize=1)
def known_profiles() -> tuple[str, ...]:
    """The python-escpos capability profiles this machine knows (read on first use: it costs
    a few tenths of a second)."""
    from escpos.capabilities import CAPABILITIES

    return tuple(sorted(CAPABILITIES["profiles"]))


def is_known_profile(name: str) -> bool:
    return name in known_profiles()

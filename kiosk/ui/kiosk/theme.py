"""The kiosk's look in one place: colours, sizes and the Qt style sheet.

Dark blue on white and white on dark blue (contrast 10:1), green for "go", amber for the
staff banner. A disabled control is grey with a dashed border and dark grey text, so it never
looks like one that works. Every text colour is at least 4.5:1 against its background and every
control's border or fill at least 3:1 against what is around it (`CONTRAST`, tested).

Sizes are in points at a 1920×1080 (or 1080×1920) window; `scale` enlarges everything for the
large-text mode and shrinks it for smaller screens (`window_factor`).
"""
from __future__ import annotations

from kiosk.domain.classification import Route

BLUE = "#0B3D91"
BLUE_DARK = "#072A66"
GREEN = "#085A26"          # white on it: 8.4:1
GREEN_DARK = "#05401A"
RED = "#A10E0E"
AMBER = "#FFD23F"
INK = "#111111"
PAPER = "#FFFFFF"
MUTED_BG = "#EEF2F8"
GREY = "#5A5A5A"
KEY_BORDER = "#5F6E85"     # keypad and refused tiles: 5:1 against white
HINT = "#333333"
WARN = "#7A4B00"
ONLINE = "#0E4F7A"
FRONT_DESK = "#3D3D78"
DISABLED_BG = "#E6E8EB"
DISABLED_TEXT = "#4D4D4D"  # 6.9:1 on the disabled grey
DISABLED_BORDER = "#767676"  # 4.5:1 against white: the control is still seen, dashed
DIM = "rgba(10, 20, 40, 170)"   # behind the walk-away warning

BODY_PT = 20
BUTTON_PT = 28
TITLE_PT = 34
NUMBER_PT = 120
MIN_TOUCH_PX = 64
LARGE_SCALE = 1.3
REFERENCE = (1920, 1080)    # the window size the point sizes are made for
MIN_FACTOR = 0.7

# (what, text or border colour, its background, the least contrast WCAG asks for it)
CONTRAST: tuple[tuple[str, str, str, float], ...] = (
    ("button text", PAPER, BLUE, 4.5),
    ("go button text", PAPER, GREEN, 4.5),
    ("error text on white", RED, PAPER, 4.5),
    ("error notice text", PAPER, RED, 4.5),
    ("banner text", INK, AMBER, 4.5),
    ("key text", INK, MUTED_BG, 4.5),
    ("secondary button text", BLUE, PAPER, 4.5),
    ("text on cards", BLUE, MUTED_BG, 4.5),
    ("hint text", HINT, PAPER, 4.5),
    ("warning text", WARN, PAPER, 4.5),
    ("warning text on cards", WARN, MUTED_BG, 4.5),
    ("ok text", GREEN, PAPER, 4.5),
    ("online tile text", PAPER, ONLINE, 4.5),
    ("front-desk tile text", PAPER, FRONT_DESK, 4.5),
    ("disabled text", DISABLED_TEXT, DISABLED_BG, 4.5),
    ("header text", PAPER, BLUE, 4.5),
    ("header button text", BLUE, PAPER, 4.5),
    ("blue button against the page", BLUE, PAPER, 3.0),
    ("green button against the page", GREEN, PAPER, 3.0),
    ("secondary button border", BLUE, PAPER, 3.0),
    ("key border", KEY_BORDER, PAPER, 3.0),
    ("key border on its fill", KEY_BORDER, MUTED_BG, 3.0),
    ("disabled border", DISABLED_BORDER, PAPER, 3.0),
    ("header button against the header", PAPER, BLUE, 3.0),
    ("input border", BLUE, PAPER, 3.0),
)


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#RRGGBB`."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def window_factor(width: int, height: int) -> float:
    """How much smaller than the reference window this one is (1.0 at 1920×1080 or 1080×1920),
    in steps of 0.05 so that a small resize does not restyle the window."""
    long_ref, short_ref = max(REFERENCE), min(REFERENCE)
    long_side, short_side = max(width, height), min(width, height)
    factor = min(1.0, long_side / long_ref, short_side / short_ref)
    return max(MIN_FACTOR, int(factor * 20) / 20)


def pt(value: float, scale: float) -> int:
    return max(1, round(value * scale))


def px(value: float, factor: float) -> int:
    return max(1, round(value * factor))


def style_sheet(scale: float = 1.0, factor: float | None = None) -> str:
    """The whole window's QSS; object names and dynamic properties pick the variants.

    `scale` multiplies every text size; `factor` (default: `scale` up to 1) the paddings."""
    f = min(1.0, scale) if factor is None else factor
    body, button, title = pt(BODY_PT, scale), pt(BUTTON_PT, scale), pt(TITLE_PT, scale)
    small_button = pt(22, scale)
    online, front_desk = Route.ONLINE.value, Route.FRONT_DESK.value
    refused = ", ".join(f'QPushButton[route="{r.value}"]' for r in (Route.NOT_ELIGIBLE, Route.CLOSED))
    refused_text = ", ".join(f'QPushButton[route="{r.value}"] QLabel' for r in (Route.NOT_ELIGIBLE, Route.CLOSED))
    pad_v, pad_h = px(12, f), px(24, f)
    # the ticket number is huge already: large text on a small window leaves room for the rest
    number = f * (0.8 if scale > f and f < 1 else 1.0)
    return f"""
QWidget#kioskWindow {{ background: {PAPER}; }}
QWidget {{ color: {INK}; font-size: {body}pt; }}
QLabel {{ background: transparent; }}
QWidget#header {{ background: {BLUE}; }}
QWidget#header QLabel {{ color: {PAPER}; }}
QLabel#branchName {{ font-size: {pt(22, min(scale, 1.0))}pt; font-weight: bold; }}
QLabel#clock {{ font-size: {pt(22, min(scale, 1.0))}pt; }}
QPushButton {{
    background: {BLUE}; color: {PAPER}; border: 3px solid {BLUE}; border-radius: 14px;
    font-size: {button}pt; font-weight: bold; padding: {pad_v}px {pad_h}px;
    min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px;
}}
QPushButton:pressed {{ background: {BLUE_DARK}; }}
QPushButton[role="go"] {{ background: {GREEN}; border-color: {GREEN}; }}
QPushButton[role="go"]:pressed {{ background: {GREEN_DARK}; }}
QPushButton[role="secondary"] {{ background: {PAPER}; color: {BLUE}; border: 3px solid {BLUE}; }}
QPushButton[role="secondary"]:pressed {{ background: {MUTED_BG}; }}
QPushButton[role="header"] {{
    background: {PAPER}; color: {BLUE}; border-color: {PAPER};
    font-size: {pt(19, min(scale, 1.0))}pt; padding: {px(6, f)}px {px(12, f)}px; border-radius: 10px;
}}
QPushButton[role="header"]:checked {{ background: {AMBER}; color: {INK}; border-color: {AMBER}; }}
QPushButton#logo {{
    background: {PAPER}; color: {BLUE}; border-radius: 32px; font-size: {pt(20, min(scale, 1.0))}pt; padding: 0;
}}
QPushButton#takeTicket {{ font-size: {pt(40, scale)}pt; padding: {px(20, f)}px {px(40, f)}px; border-radius: 24px; }}
QPushButton[role="key"] {{ font-size: {pt(36, scale)}pt; background: {MUTED_BG}; color: {INK};
    border: 3px solid {KEY_BORDER}; padding: 2px; }}
QPushButton[role="key"]:pressed {{ background: #C9D3E6; }}
QPushButton[role="codeKey"] {{ font-size: {pt(30, scale)}pt; background: {MUTED_BG}; color: {INK};
    border: 3px solid {KEY_BORDER}; padding: 2px; }}
QPushButton[role="codeKey"]:pressed {{ background: #C9D3E6; }}
QPushButton[role="key"], QPushButton[role="keyAction"], QPushButton[role="codeKey"] {{
    min-height: {MIN_TOUCH_PX - 10}px; }}
QPushButton[role="digit"] {{ font-size: {pt(36, min(scale, 1.0))}pt; background: {PAPER}; color: {INK};
    border: 3px solid {KEY_BORDER}; padding: 0px; min-width: 0px; border-radius: 8px; }}
QPushButton[role="digit"]:checked {{ background: {AMBER}; border-color: {INK}; }}
QPushButton[role="digit"][mended="true"] {{ color: {GREEN}; border-color: {GREEN}; }}
QPushButton#bookingStart {{ border-radius: 20px; }}
QPushButton[answer="true"] {{ background: {PAPER}; color: {BLUE}; border: 3px solid {BLUE}; text-align: left;
    font-size: {small_button}pt; }}
QPushButton[answer="true"]:checked {{ background: {AMBER}; color: {INK}; border-color: {INK}; }}
QComboBox {{ font-size: {body}pt; min-height: {MIN_TOUCH_PX}px; border: 3px solid {BLUE}; border-radius: 10px;
    padding: 0 {px(12, f)}px; background: {PAPER}; color: {INK}; }}
QFrame#suggestionBox {{ border: 4px solid {BLUE}; border-radius: 14px; background: {PAPER}; }}
QLineEdit#skmSuggestion {{ font-size: {body}pt; border: 3px solid {BLUE}; border-radius: 10px;
    padding: {px(6, f)}px {px(12, f)}px; background: {PAPER}; }}
QPushButton[role="keyAction"] {{ font-size: {pt(22, f)}pt; background: {PAPER}; color: {BLUE};
    border: 3px solid {BLUE}; padding: 2px; }}
QPushButton[role="keyAction"][confirm="true"] {{ background: {AMBER}; color: {INK}; border-color: {INK}; }}
QPushButton#nikReveal {{ font-size: {small_button}pt; padding: {px(6, f)}px {px(14, f)}px; }}
QPushButton[role="tile"] {{
    text-align: left; padding: {px(14, f)}px {px(18, f)}px; border-radius: 18px; font-size: {button}pt;
}}
QPushButton[role="tile"] QLabel {{ color: {PAPER}; }}
QLabel#tileName, QLabel#groupName {{ font-size: {button}pt; font-weight: bold; }}
QLabel#tileDetail, QLabel#groupDetail {{ font-size: {body}pt; }}
QLabel#groupIcon {{ font-size: {pt(48, scale)}pt; min-width: {px(90, scale)}px; }}
QPushButton[route="{online}"] {{ background: {ONLINE}; border-color: {ONLINE}; }}
QPushButton[route="{front_desk}"] {{ background: {FRONT_DESK}; border-color: {FRONT_DESK}; }}
{refused} {{
    background: {MUTED_BG}; color: {INK}; border: 3px solid {KEY_BORDER};
}}
{refused_text} {{ color: {INK}; }}
QPushButton[wrap="true"] QLabel {{ font-size: {button}pt; font-weight: bold; color: {PAPER}; }}
QPushButton[wrap="true"][role="secondary"] QLabel {{ color: {BLUE}; }}
QPushButton#takeTicket QLabel {{ font-size: {pt(40, scale)}pt; }}
QPushButton#idleContinue QLabel {{ font-size: {pt(32, scale)}pt; }}
QPushButton[role="choice"] {{ background: {PAPER}; color: {BLUE}; border: 3px solid {BLUE};
    font-size: {small_button}pt; }}
QPushButton[role="choice"]:checked {{ background: {AMBER}; color: {INK}; border-color: {INK}; }}
QPushButton[role="choice"] QLabel {{ color: {BLUE}; font-size: {pt(20, min(scale, f))}pt; font-weight: bold; }}
QPushButton[role="choice"] QLabel[checked="true"] {{ color: {INK}; }}
QPushButton:disabled, QPushButton[role="go"]:disabled, QPushButton[role="secondary"]:disabled,
QPushButton[role="keyAction"]:disabled, QPushButton[role="key"]:disabled, QPushButton[role="choice"]:disabled,
QPushButton[role="codeKey"]:disabled, QPushButton[answer="true"]:disabled,
QPushButton[role="tile"]:disabled {{
    background: {DISABLED_BG}; color: {DISABLED_TEXT}; border: 3px dashed {DISABLED_BORDER};
}}
QPushButton QLabel:disabled {{ color: {DISABLED_TEXT}; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: bold; color: {BLUE}; }}
QLabel[role="big"] {{ font-size: {pt(26, scale)}pt; font-weight: bold; }}
QLabel[role="body"] {{ font-size: {body}pt; }}
QLabel[role="hint"] {{ font-size: {body}pt; color: {HINT}; }}
QLabel[tone="error"] {{ color: {RED}; font-weight: bold; }}
QLabel[tone="ok"] {{ color: {GREEN}; font-weight: bold; }}
QLabel[tone="warn"] {{ color: {WARN}; font-weight: bold; }}
QLineEdit#pinInput {{ font-size: {pt(32, scale)}pt; }}
QLineEdit#bookingCode {{
    font-size: {pt(40, scale)}pt; font-weight: bold; color: {INK}; background: {PAPER};
    border: 4px solid {BLUE}; border-radius: 14px; padding: {px(6, f)}px {px(12, f)}px;
}}
QLineEdit#nikInput, QLineEdit#pinInput {{
    font-size: {pt(44, scale)}pt; font-weight: bold; color: {INK}; background: {PAPER};
    border: 4px solid {BLUE}; border-radius: 14px; padding: {px(6, f)}px {px(12, f)}px;
}}
QLineEdit[tone="error"], QLineEdit#bookingCode[tone="error"] {{ border-color: {RED}; }}
QLabel#ticketNumber {{ font-size: {pt(NUMBER_PT, number)}pt; font-weight: bold; color: {BLUE}; }}
QLabel#repeatNumber {{ font-size: {pt(NUMBER_PT * 0.6, number)}pt; font-weight: bold; color: {BLUE}; }}
QLabel#ticketPreview {{ border: 2px solid #8A93A3; background: {PAPER}; padding: 8px; }}
QLabel#ticketState {{ font-size: {pt(30, scale)}pt; font-weight: bold; }}
QLabel#ticketState[tone="error"] {{ color: {PAPER}; background: {RED}; padding: 12px; border-radius: 12px; }}
QWidget#assistedBanner {{ background: {AMBER}; }}
QWidget#assistedBanner QLabel {{ color: {INK}; font-weight: bold; font-size: {pt(22, min(scale, 1.0))}pt; }}
QWidget#assistedBanner QPushButton {{ font-size: {pt(20, min(scale, 1.0))}pt; padding: {px(4, f)}px {px(14, f)}px; }}
QLabel#notice {{ background: {GREEN}; color: {PAPER}; font-size: {pt(22, scale)}pt; font-weight: bold;
    padding: {px(6, f)}px {px(14, f)}px; border-radius: 12px; border: 3px solid {PAPER}; }}
QLabel#notice[tone="error"] {{ background: {RED}; }}
QWidget#idleWarning {{ background: {DIM}; }}
QFrame#idleCard {{ background: {PAPER}; border: 4px solid {BLUE}; border-radius: 24px; }}
QLabel#idleTitle {{ font-size: {pt(TITLE_PT, scale)}pt; font-weight: bold; color: {BLUE}; }}
QLabel#idleCountdown {{ font-size: {pt(30, scale)}pt; font-weight: bold; color: {INK}; }}
QPushButton#idleContinue {{ font-size: {pt(32, scale)}pt; padding: {px(20, f)}px {px(32, f)}px; }}
QFrame#documentsList {{ background: {MUTED_BG}; border-radius: 14px; }}
QFrame[role="card"] {{ background: {MUTED_BG}; border-radius: 18px; }}
"""

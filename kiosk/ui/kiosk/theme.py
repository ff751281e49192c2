"""The kiosk's look in one place: colours, sizes and the Qt style sheet.

Dark blue on white and white on dark blue (contrast 10:1), green for "go", amber for the
staff banner. Sizes are in points; `scale` enlarges everything for the large-text mode.
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

BODY_PT = 20
BUTTON_PT = 28
TITLE_PT = 34
NUMBER_PT = 120
MIN_TOUCH_PX = 64
LARGE_SCALE = 1.3


def pt(value: float, scale: float) -> int:
    return max(1, round(value * scale))


def style_sheet(scale: float = 1.0) -> str:
    """The whole window's QSS; object names and dynamic properties pick the variants."""
    body, button, title = pt(BODY_PT, scale), pt(BUTTON_PT, scale), pt(TITLE_PT, scale)
    small_button = pt(22, scale)
    online, front_desk = Route.ONLINE.value, Route.FRONT_DESK.value
    refused = ", ".join(f'QPushButton[route="{r.value}"]' for r in (Route.NOT_ELIGIBLE, Route.CLOSED))
    refused_text = ", ".join(f'QPushButton[route="{r.value}"] QLabel' for r in (Route.NOT_ELIGIBLE, Route.CLOSED))
    return f"""
QWidget#kioskWindow {{ background: {PAPER}; }}
QWidget {{ color: {INK}; font-size: {body}pt; }}
QLabel {{ background: transparent; }}
QWidget#header {{ background: {BLUE}; }}
QWidget#header QLabel {{ color: {PAPER}; }}
QLabel#branchName {{ font-size: {pt(22, scale)}pt; font-weight: bold; }}
QLabel#clock {{ font-size: {pt(22, scale)}pt; }}
QPushButton {{
    background: {BLUE}; color: {PAPER}; border: none; border-radius: 14px;
    font-size: {button}pt; font-weight: bold; padding: 12px 24px;
    min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px;
}}
QPushButton:pressed {{ background: {BLUE_DARK}; }}
QPushButton:disabled {{ background: #C9CED6; color: #3A3A3A; }}
QPushButton[role="go"] {{ background: {GREEN}; }}
QPushButton[role="go"]:pressed {{ background: {GREEN_DARK}; }}
QPushButton[role="secondary"] {{ background: {PAPER}; color: {BLUE}; border: 3px solid {BLUE}; }}
QPushButton[role="secondary"]:pressed {{ background: {MUTED_BG}; }}
QPushButton[role="header"] {{
    background: {PAPER}; color: {BLUE}; font-size: {small_button}pt; padding: 8px 18px; border-radius: 10px;
}}
QPushButton[role="header"]:checked {{ background: {AMBER}; color: {INK}; }}
QPushButton#logo {{
    background: {PAPER}; color: {BLUE}; border-radius: 32px; font-size: {pt(20, scale)}pt; padding: 0;
}}
QPushButton#takeTicket {{ font-size: {pt(40, scale)}pt; padding: 28px 48px; border-radius: 24px; }}
QPushButton[role="key"] {{ font-size: {pt(36, scale)}pt; background: {MUTED_BG}; color: {INK};
    border: 2px solid #9AA7BD; }}
QPushButton[role="key"]:pressed {{ background: #C9D3E6; }}
QPushButton[role="keyAction"] {{ font-size: {small_button}pt; background: {PAPER}; color: {BLUE};
    border: 3px solid {BLUE}; }}
QPushButton[role="tile"] {{
    text-align: left; padding: 18px 22px; border-radius: 18px; font-size: {button}pt;
}}
QPushButton[role="tile"] QLabel {{ color: {PAPER}; }}
QLabel#tileName {{ font-size: {button}pt; font-weight: bold; }}
QLabel#tileDetail {{ font-size: {body}pt; }}
QPushButton[route="{online}"] {{ background: #0E4F7A; }}
QPushButton[route="{front_desk}"] {{ background: #3D3D78; }}
{refused} {{
    background: {MUTED_BG}; color: {INK}; border: 3px solid #8A93A3;
}}
{refused_text} {{ color: {INK}; }}
QPushButton[role="choice"] {{ background: {PAPER}; color: {BLUE}; border: 3px solid {BLUE};
    font-size: {small_button}pt; }}
QPushButton[role="choice"]:checked {{ background: {AMBER}; color: {INK}; border-color: {INK}; }}
QPushButton[role="choice"] QLabel {{ color: {BLUE}; font-size: {pt(20, scale)}pt; font-weight: bold; }}
QPushButton[role="choice"] QLabel[checked="true"] {{ color: {INK}; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: bold; color: {BLUE}; }}
QLabel[role="big"] {{ font-size: {pt(26, scale)}pt; font-weight: bold; }}
QLabel[role="body"] {{ font-size: {body}pt; }}
QLabel[role="hint"] {{ font-size: {body}pt; color: #333333; }}
QLabel[tone="error"] {{ color: {RED}; font-weight: bold; }}
QLabel[tone="ok"] {{ color: {GREEN}; font-weight: bold; }}
QLabel[tone="warn"] {{ color: #7A4B00; font-weight: bold; }}
QLineEdit#nikInput, QLineEdit#pinInput {{
    font-size: {pt(44, scale)}pt; font-weight: bold; color: {INK}; background: {PAPER};
    border: 4px solid {BLUE}; border-radius: 14px; padding: 8px 16px;
}}
QLineEdit[tone="error"] {{ border-color: {RED}; }}
QLabel#ticketNumber {{ font-size: {pt(NUMBER_PT, scale)}pt; font-weight: bold; color: {BLUE}; }}
QLabel#ticketPreview {{ border: 2px solid #8A93A3; background: {PAPER}; padding: 8px; }}
QLabel#ticketState {{ font-size: {pt(30, scale)}pt; font-weight: bold; }}
QLabel#ticketState[tone="error"] {{ color: {PAPER}; background: {RED}; padding: 12px; border-radius: 12px; }}
QWidget#assistedBanner {{ background: {AMBER}; }}
QWidget#assistedBanner QLabel {{ color: {INK}; font-weight: bold; font-size: {pt(22, scale)}pt; }}
QWidget#assistedBanner QPushButton {{ font-size: {small_button}pt; padding: 6px 18px; }}
QLabel#notice {{ background: {GREEN}; color: {PAPER}; font-size: {pt(24, scale)}pt; font-weight: bold;
    padding: 14px; }}
QLabel#notice[tone="error"] {{ background: {RED}; }}
QFrame#documentsList {{ background: {MUTED_BG}; border-radius: 14px; }}
QFrame[role="card"] {{ background: {MUTED_BG}; border-radius: 18px; }}
"""

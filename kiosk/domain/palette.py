"""The branch's colours, named once: the staff windows, the hall display, the charts and the
report files (PDF, XLSX) all take their navy from here."""
from __future__ import annotations

NAVY = "#134074"            # headers, the number being called, the main buttons
ERROR = "#b00020"           # a sentence that says something went wrong
WHITE = "#ffffff"


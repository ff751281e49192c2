"""`anjungan demo`: the scripted demo morning, not part of the production windows.

It sits at the top beside the command line (it opens the windows of `kiosk.ui`):

- `cast`: the demo's clock, its visitors and their seeding, the privacy check of its output
- `director`: taps, waits and screenshots on the real kiosk window; the staff windows
- `lobby`: the lobby scenes (large text, walk-away warning, repeat visit, heir, scans, booking, rating)
- `headless`: `anjungan demo --headless`, the whole morning offscreen into a folder
- `report`: the morning's `report.txt`
- `head`: the head of service's morning (monitor, ratings, report.xlsx and report.pdf)
- `windows`: `anjungan demo`, the interactive windows beside the web service
"""

"""Messages to participants' phones (DESIGN: `kiosk/notify/`).

A `Provider` hands one text to one number. `GammuSmsd` gives it to Debian's gammu-smsd (with a
GSM modem) through `gammu-smsd-inject -c SMSDRC`; an HTTP SMS gateway or the WhatsApp Business
Cloud API is another `Provider` of the same shape. What to send and when is the domain's
(kiosk/domain/phone.py) and the application's (kiosk/app/sms.py); nothing here logs a number.
"""
from kiosk.notify.provider import GammuSmsd, NotifyUnavailable, Provider

__all__ = ["GammuSmsd", "NotifyUnavailable", "Provider"]

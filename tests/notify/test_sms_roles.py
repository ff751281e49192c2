"""On a PostgreSQL branch the kiosk and the web service may take a participant's SMS opt-in; no
machine role reads her number, and none deletes it (roles of least privilege)."""
from __future__ import annotations

import pytest

from tests.store.test_roles import branch, denied  # noqa: F401  (the branch fixture)

NIK = "3171012902001234"


@pytest.mark.parametrize("kind", ["kiosk", "web"])
def test_the_kiosk_and_the_web_take_an_opt_in_but_never_read_a_number(branch, make_services, kind):  # noqa: F811
    from dataclasses import replace

    from kiosk.config.sms import SmsConfig
    from kiosk.services import demo_config

    admin, as_role, _ = branch
    machine = make_services(as_role(kind), config=replace(demo_config(), sms=SmsConfig(enabled=True)))
    ticket = machine.issue(NIK, "INFO", assisted=True)
    assert machine.sms_opt_in(ticket.ticket_id, "081234567890").lstrip("•") == "890"
    assert machine.sms_opt_in(ticket.ticket_id, "+6285712345678", "en").lstrip("•") == "678"    # replaced
    assert admin.sms_opted_in(ticket.ticket_id)
    assert denied(as_role(kind), "SELECT phone FROM sms_optins")
    assert denied(as_role(kind), "DELETE FROM sms_optins")


@pytest.mark.parametrize("kind", ["counter", "display", "report"])
def test_no_other_machine_sees_a_phone_number(branch, kind):  # noqa: F811
    _admin, as_role, _ = branch
    for sql in ("SELECT phone FROM sms_optins", "SELECT count(*) FROM sms_optins",
                "INSERT INTO sms_optins (ticket_id, phone, lang, sent, told_ahead, told_called) "
                "VALUES ('x', '+6281', 'id', 0, false, false)"):
        assert denied(as_role(kind), sql), (kind, sql)

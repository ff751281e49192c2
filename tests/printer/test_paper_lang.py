"""The paper follows the visit's language: an English visit's ticket says QUEUE NUMBER, its service,
documents and footer in English; an Indonesian one stays Indonesian."""
from __future__ import annotations


def test_an_english_visit_gets_an_english_paper(make_services):
    svc = make_services()
    paper = svc.issue("3171012902001234", "INFO", lang="en").ticket_data      # what the kiosk prints
    assert "QUEUE NUMBER" in repr(paper.labels) and "NOMOR ANTRIAN" not in repr(paper.labels)
    assert paper.service_name == "Information & membership"
    assert paper.documents[0] == "e-KTP (ID card)"
    assert paper.footer[0] == "Faster service in the Jamsostek Mobile (JMO) app."
    indonesian = svc.issue("3171012902000007", "INFO", lang="id").ticket_data
    assert "NOMOR ANTRIAN" in repr(indonesian.labels)
    assert indonesian.footer[0] == "Layanan lebih cepat lewat aplikasi Jamsostek Mobile (JMO)."

from hypothesis import given, strategies as st

from printer.text import encode, fold, wrap


def test_characters_the_code_page_lacks_become_plain_ascii():
    assert fold("Senin–Jumat", "CP437") == "Senin-Jumat"
    assert fold("“Kutip” ‘tunggal’ …", "CP437") == "\"Kutip\" 'tunggal' ..."
    assert fold("Łódź • Ærø", "CP437") == "Lódz - Æro"  # CP437 has ó and Æ
    assert fold("Łódź • Ærø", "ascii") == "Lodz - AEro"
    assert fold("café", "ascii") == "cafe"


def test_characters_the_code_page_has_are_kept():
    assert fold("café", "CP437") == "café"
    assert encode("café", "CP437") == b"caf\x82"


def test_characters_without_a_look_alike_are_left_out_not_question_marks():
    assert fold("Tiket 日本 ✈", "CP437") == "Tiket  "


@given(st.text(max_size=60))
def test_folded_text_always_encodes_and_never_invents_question_marks(text):
    for codepage in ("CP437", "CP850", "ascii"):
        folded = fold(text, codepage)
        folded.encode("cp437" if codepage == "CP437" else "cp850" if codepage == "CP850" else "ascii")
        assert folded.count("?") == text.count("?")
        assert "\n" not in folded


words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz.-/", min_size=1, max_size=50), min_size=1, max_size=15)


@given(words, st.integers(min_value=8, max_value=48))
def test_wrapped_lines_fit_and_keep_every_character(ws, width):
    text = " ".join(ws)
    lines = wrap(text, width, indent="- ", hang="  ")
    assert all(len(line) <= width for line in lines)
    assert lines[0].startswith("- ")
    assert all(line.startswith("  ") for line in lines[1:])
    assert "".join(line[2:].replace(" ", "") for line in lines) == text.replace(" ", "")


def test_wrap_breaks_at_spaces_and_puts_a_long_address_on_its_own_line():
    assert wrap("Surat keterangan berhenti bekerja (paklaring)", 32, indent="- ", hang="  ") == [
        "- Surat keterangan berhenti", "  bekerja (paklaring)"]
    assert wrap("Layanan online: aplikasi JMO, lapakasik.bpjsketenagakerjaan.go.id", 32) == [
        "Layanan online: aplikasi JMO,", "lapakasik.bpjsketenagakerjaan.go", ".id"]

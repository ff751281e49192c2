import pytest
from hypothesis import given, strategies as st

from kiosk.directory.lzstring import compress_to_encoded_uri_component, decompress_from_encoded_uri_component

# Produced with the reference JavaScript library (lz-string 1.5, compressToEncodedURIComponent).
REFERENCE = [
    ("a", "IZA"),
    ("hello hello hello", "BYUwNmD2AEoTcpA"),
    ('{"peserta":{"nama":"SLAMET RIYADI","sex":"L"}}',
     "N4IgDgpgzhBOAuBDEAuUA7RBbZKQGUAZAQQFkBRAFQAIAlASQE1iARekAGhBgA9URCIAL5CgA"),
    ("Rp 1.000 — ü ñ 日本 😀", "EoBwBAjAdADHaBQCMAfsBHshT00DTmZC8G4AB7QA"),
]


@pytest.mark.parametrize("text, encoded", REFERENCE)
def test_matches_the_reference_implementation(text, encoded):
    assert compress_to_encoded_uri_component(text) == encoded
    assert decompress_from_encoded_uri_component(encoded) == text


def test_spaces_read_as_plus_and_bad_input_is_refused():
    assert decompress_from_encoded_uri_component("Q") == ""
    with pytest.raises(ValueError):
        decompress_from_encoded_uri_component("")
    with pytest.raises(ValueError):
        decompress_from_encoded_uri_component("not*uri*safe")


@given(st.text(max_size=300))
def test_round_trip(text):
    assert decompress_from_encoded_uri_component(compress_to_encoded_uri_component(text)) == text


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$", min_size=1, max_size=40))
def test_arbitrary_input_decodes_or_raises_value_error(encoded):
    try:
        assert isinstance(decompress_from_encoded_uri_component(encoded), str)
    except ValueError:
        pass

"""LZString, URI-safe flavour: the compression the health-insurance API (VClaim) wraps its
answers in, after decryption. A faithful port of lz-string 1.4's
``compressToEncodedURIComponent`` / ``decompressFromEncodedURIComponent``; text is handled as
UTF-16 code units as in JavaScript, so characters outside the BMP round-trip too.
"""
from __future__ import annotations

_URI_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$"
_URI_VALUE = {ch: i for i, ch in enumerate(_URI_SAFE)}


def _to_units(text: str) -> str:
    """The text as a string of UTF-16 code units (astral characters become surrogate pairs)."""
    if text.isascii() or all(ord(ch) < 0x10000 for ch in text):
        return text
    data = text.encode("utf-16-le")
    return "".join(chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2))


def _from_units(units: str) -> str:
    """The text from UTF-16 code units; ValueError when a surrogate pair is broken."""
    try:
        return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise ValueError("corrupt LZString data") from None


def compress_to_encoded_uri_component(text: str) -> str:
    return _compress(_to_units(text), 6, _URI_SAFE.__getitem__)


def decompress_from_encoded_uri_component(encoded: str) -> str:
    """Raise ValueError when `encoded` is not LZString output."""
    if encoded == "":
        raise ValueError("nothing to decompress")
    encoded = encoded.replace(" ", "+")
    try:
        values = [_URI_VALUE[ch] for ch in encoded]
    except KeyError:
        raise ValueError("not LZString URI-safe text") from None
    units = _decompress(values, 32)
    if units is None:
        raise ValueError("corrupt LZString data")
    return _from_units(units)


def _compress(text: str, bits_per_char: int, char_of) -> str:
    dictionary: dict[str, int] = {}
    to_create: set[str] = set()
    w = ""
    enlarge_in = 2
    dict_size = 3
    num_bits = 2
    out: list[str] = []
    val = 0
    position = 0

    def write(value: int, count: int) -> None:
        """Write `count` bits of `value`, least significant first."""
        nonlocal val, position
        for _ in range(count):
            val = (val << 1) | (value & 1)
            if position == bits_per_char - 1:
                position = 0
                out.append(char_of(val))
                val = 0
            else:
                position += 1
            value >>= 1

    def emit(word: str) -> None:
        nonlocal enlarge_in, num_bits
        if word in to_create:
            code = ord(word[0])
            if code < 256:
                write(0, num_bits)
                write(code, 8)
            else:
                write(1, num_bits)
                write(code, 16)
            enlarge_in -= 1
            if enlarge_in == 0:
                enlarge_in = 1 << num_bits
                num_bits += 1
            to_create.discard(word)
        else:
            write(dictionary[word], num_bits)
        enlarge_in -= 1
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1

    for c in text:
        if c not in dictionary:
            dictionary[c] = dict_size
            dict_size += 1
            to_create.add(c)
        wc = w + c
        if wc in dictionary:
            w = wc
        else:
            emit(w)
            dictionary[wc] = dict_size
            dict_size += 1
            w = c
    if w:
        emit(w)
    write(2, num_bits)                     # end of stream
    while True:                            # flush the last character
        val <<= 1
        if position == bits_per_char - 1:
            out.append(char_of(val))
            break
        position += 1
    return "".join(out)


def _decompress(values: list[int], reset_value: int) -> str | None:
    length = len(values)
    dictionary: list[str] = ["", "", ""]
    enlarge_in = 4
    num_bits = 3
    result: list[str] = []
    val = values[0] if values else 0
    position = reset_value
    index = 1

    def read(count: int) -> int:
        nonlocal val, position, index
        bits = 0
        for power in range(count):
            resb = val & position
            position >>= 1
            if position == 0:
                position = reset_value
                val = values[index] if index < length else 0
                index += 1
            if resb:
                bits |= 1 << power
        return bits

    kind = read(2)
    if kind == 0:
        c = chr(read(8))
    elif kind == 1:
        c = chr(read(16))
    elif kind == 2:
        return ""
    else:
        return None
    dictionary.append(c)
    w = c
    result.append(c)
    while True:
        if index > length:
            return None
        code = read(num_bits)
        if code == 0 or code == 1:
            dictionary.append(chr(read(8 if code == 0 else 16)))
            code = len(dictionary) - 1
            enlarge_in -= 1
        elif code == 2:
            return "".join(result)
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1
        if code < len(dictionary) and dictionary[code]:
            entry = dictionary[code]
        elif code == len(dictionary):
            entry = w + w[0]
        else:
            return None
        result.append(entry)
        dictionary.append(w + entry[0])
        enlarge_in -= 1
        w = entry
        if enlarge_in == 0:
            enlarge_in = 1 << num_bits
            num_bits += 1

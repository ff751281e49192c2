"""Text of what the branch refuses at its doors: an oversized or malformed request to the web
service, a file imported twice, a second booking of one NIK, a full disk. Indonesian first,
English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "error.web.too_large": ("Permintaan terlalu besar: paling banyak {kb} KB.",
                            "The request is too large: at most {kb} KB."),
    "error.web.nul": ("Isian tidak boleh memuat karakter kosong (NUL); ketik ulang isiannya.",
                      "A field may not hold a null (NUL) character; type it again."),
}

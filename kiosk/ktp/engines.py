"""Reading one printed line: the OCR engines the kiosk can use, each offline.

`RapidLines` (the kiosk's choice, tests/bench/bench_ktp.py measures why) runs the PP-OCRv4 text
recogniser that ships inside the ``rapidocr-onnxruntime`` wheel, on ONNX Runtime, one line at a
time, and keeps each character's own probability (a line's mean hides one doubtful digit).
`TesseractLines` runs Debian's ``tesseract-ocr`` through ``pytesseract`` (one process per line),
kept for the comparison. Neither downloads anything; neither writes the picture or the text.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class LineText:
    """What an engine read on one line. ``repr`` hides the text (it may hold a NIK)."""

    text: str = field(repr=False)
    chars: tuple[float, ...] = field(default=(), repr=False)   # each character's probability
    score: float = 0.0                                          # the line's mean

    def worst(self, positions: range | None = None) -> float:
        values = self.chars if positions is None else [self.chars[i] for i in positions if i < len(self.chars)]
        return min(values) if values else self.score


class LineReader(Protocol):
    name: str

    def read(self, lines: list[np.ndarray]) -> list[LineText]:
        """The text of each line image (BGR, one printed line each)."""


class RapidLines:
    """PP-OCRv4 recognition on ONNX Runtime (rapidocr-onnxruntime's bundled model)."""

    name = "rapidocr"

    def __init__(self, threads: int = 1):
        from rapidocr_onnxruntime import RapidOCR

        engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False)
        self._rec = engine.text_rec
        self._lock = threading.Lock()          # one ONNX session, one line at a time

    def read(self, lines: list[np.ndarray]) -> list[LineText]:
        with self._lock:
            return [self._one(line) for line in lines]

    def _one(self, line: np.ndarray) -> LineText:
        rec = self._rec
        _, height, width = rec.rec_image_shape
        ratio = max(width / height, line.shape[1] / max(1, line.shape[0]))
        batch = rec.resize_norm_img(line, ratio)[np.newaxis, :].astype(np.float32)
        preds = rec.session(batch)[0][0]                   # steps x classes, softmaxed
        best, prob = preds.argmax(axis=1), preds.max(axis=1)
        characters = rec.postprocess_op.character
        text, chars, previous = [], [], 0
        for index, p in zip(best.tolist(), prob.tolist()):
            if index != 0 and index != previous:           # CTC: 0 is the blank; repeats collapse
                text.append(characters[index])
                chars.append(p)
            elif index != 0 and chars:
                chars[-1] = max(chars[-1], p)
            previous = index
        score = float(np.mean(chars)) if chars else 0.0
        return LineText("".join(text), tuple(chars), score)


class TesseractLines:
    """Debian's tesseract-ocr through pytesseract, one line per call (``--psm 7``)."""

    name = "tesseract"

    def read(self, lines: list[np.ndarray]) -> list[LineText]:
        import pytesseract

        result = []
        for line in lines:
            data = pytesseract.image_to_data(line, lang="eng", config="--psm 7",
                                             output_type=pytesseract.Output.DICT)
            words = [(w, float(c) / 100) for w, c in zip(data["text"], data["conf"]) if w.strip()]
            text = " ".join(w for w, _ in words)
            chars = tuple(c for w, c in words for _ in w) if words else ()
            # the spaces between words carry the confidence of the word before them
            spaced, i = [], 0
            for w, c in words:
                spaced.extend([c] * len(w))
                i += 1
                if i < len(words):
                    spaced.append(c)
            result.append(LineText(text, tuple(spaced) or chars, float(np.mean([c for _, c in words])) if words else 0.0))
        return result


_shared: dict[str, LineReader] = {}
_shared_lock = threading.Lock()


def line_reader(name: str = "rapidocr") -> LineReader:
    """The engine by name, made once per process (loading the model takes a moment)."""
    with _shared_lock:
        if name not in _shared:
            _shared[name] = RapidLines() if name == "rapidocr" else TesseractLines()
        return _shared[name]

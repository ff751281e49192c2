"""Text of `anjungan devices` and the monitor's line on the branch's machines and printers:
Indonesian first, English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "devices.line.up": ("{name} ({kind}): aktif, terakhir melapor {seen}",
                        "{name} ({kind}): up, last heard {seen}"),
    "devices.line.silent": ("{name} ({kind}): DIAM sejak {since} — periksa PC dan jaringannya",
                            "{name} ({kind}): SILENT since {since} — check the PC and its network"),
    "devices.paper.ok": ("printer {printer}: siap", "printer {printer}: ready"),
    "devices.paper.near_end": ("printer {printer}: kertas hampir habis sejak {since}",
                               "printer {printer}: paper near its end since {since}"),
    "devices.paper.out": ("printer {printer}: KERTAS HABIS sejak {since} — isi kertas",
                          "printer {printer}: OUT OF PAPER since {since} — load paper"),
    "devices.paper.fault": ("printer {printer}: tidak dapat mencetak ({fault}) sejak {since}",
                            "printer {printer}: cannot print ({fault}) since {since}"),
    "devices.forgotten": ("{name} dihapus dari daftar mesin.", "{name} is off the list of machines."),
    "devices.unknown": ("Tidak ada mesin bernama {name}: lihat `anjungan devices`.",
                        "No machine is named {name}: see `anjungan devices`."),
    "devices.none": ("Belum ada mesin yang melapor.", "No machine has reported yet."),
    "devices.summary.none": ("Mesin: belum ada yang melapor", "Machines: none has reported yet"),
    "devices.summary.ok": ("Mesin: {count} aktif, semua printer siap", "Machines: {count} up, every printer ready"),
    "devices.summary.trouble": ("Mesin: {problems}", "Machines: {problems}"),
    "devices.summary.many": ("Mesin bermasalah ({count}): {names}", "Machines in trouble ({count}): {names}"),
    "devices.short.silent": ("{name} diam sejak {since}", "{name} silent since {since}"),
    "devices.short.out": ("{name} kertas habis sejak {since}", "{name} out of paper since {since}"),
    "devices.short.fault": ("{name} printer bermasalah sejak {since}", "{name} printer failing since {since}"),
    "devices.short.near_end": ("{name} kertas hampir habis", "{name} paper near its end"),
}

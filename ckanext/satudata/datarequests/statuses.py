"""The statuses of a data request (SOP Permohonan Data)::

    diajukan ⇄ menunggu_kelengkapan
       │
       ▼ accept
    diterima ──forward──► diteruskan ──respond──► ditindaklanjuti
                                                     │ deliver
                          instansi ◄─────────────────┤───────────► selesai
                             ▼                                   (perorangan)
    menunggu_data_balikan ⇄ data_balikan_diunggah ──accept──► selesai

    reject (before delivery) → ditolak; cancel (before delivery) → dibatalkan
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.messages import N_

DIAJUKAN = "diajukan"
MENUNGGU_KELENGKAPAN = "menunggu_kelengkapan"
DITERIMA = "diterima"
DITERUSKAN = "diteruskan"
DITINDAKLANJUTI = "ditindaklanjuti"
MENUNGGU_DATA_BALIKAN = "menunggu_data_balikan"
DATA_BALIKAN_DIUNGGAH = "data_balikan_diunggah"
SELESAI = "selesai"
DITOLAK = "ditolak"
DIBATALKAN = "dibatalkan"

#: Status → its label (English msgid; Indonesian in the catalogue).
LABELS = {
    DIAJUKAN: N_("Filed"),
    MENUNGGU_KELENGKAPAN: N_("Waiting for completeness"),
    DITERIMA: N_("Accepted"),
    DITERUSKAN: N_("Forwarded to the data producer"),
    DITINDAKLANJUTI: N_("Followed up"),
    MENUNGGU_DATA_BALIKAN: N_("Waiting for data balikan"),
    DATA_BALIKAN_DIUNGGAH: N_("Data balikan uploaded"),
    SELESAI: N_("Completed"),
    DITOLAK: N_("Rejected"),
    DIBATALKAN: N_("Cancelled"),
}
ALL = tuple(LABELS)
#: The walidata may reject a request in these.
REJECTABLE = (DIAJUKAN, MENUNGGU_KELENGKAPAN, DITERIMA, DITERUSKAN, DITINDAKLANJUTI)
#: The requester (or the walidata) may cancel a request in these.
CANCELLABLE = REJECTABLE
#: Nothing happens to a request any more in these.
CLOSED = (SELESAI, DITOLAK, DIBATALKAN)
#: The request was forwarded to an OPD (its members see it).
FORWARDED = (DITERUSKAN, DITINDAKLANJUTI, MENUNGGU_DATA_BALIKAN,
             DATA_BALIKAN_DIUNGGAH, SELESAI)


def label(status: str) -> str:
    return tk._(LABELS[status]) if status in LABELS else status

"""Data requests (Permohonan Data): anybody logged in asks for data, the
walidata checks the request and forwards it to the producer OPD, the OPD
answers, the walidata delivers (or rejects) with a letter, and an
institution returns its data balikan; every stage is timed in working days
(SOP Permohonan Data, ``docs/datarequests.md``)."""

"""The periodic report of the monitoring (seed 001 §8.3): the figures of a
period snapshotted, turned into tables once (:mod:`.tables`), rendered to
a PDF through the documents plugin (:mod:`.pdf`) and to an Excel file
(:mod:`.xlsx`), with the walidata's Rekomendasi and Rencana Tindak Lanjut;
a draft until finalised (:mod:`.service`)."""

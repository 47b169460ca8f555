"""Institution accounts (Instansi pemohon): registration, approval by the
walidata, profile. See ``docs/institutions.md``."""

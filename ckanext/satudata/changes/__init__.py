"""Change requests (Perubahan Data): published values change only through
a request approved by the walidata, backed by a signed document."""

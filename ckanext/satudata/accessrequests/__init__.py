"""Access requests for restricted (terbatas) data (plugin
``satudata_accessrequests``)."""

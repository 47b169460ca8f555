"""Backups that restore (plugin ``satudata_backup``): one archive with both
databases, the file storage and a manifest of checksums (docs/backup.md)."""

"""Catalog operations over a publication: update from the source, count, check.

IO is :mod:`editions.po`; the per-message verdict is :mod:`editions.text.checks`."""

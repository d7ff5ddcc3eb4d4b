"""Pure text logic: no Sphinx, no files."""

"""The ``editions`` command's engine: Sphinx run in-process, the external tools, the
scheduler, incremental stamps, atomic publishing, the manifest, the site, the preview."""

"""The package version, one place for the extension, the pipeline and pyproject."""

__version__ = "0.2.0"

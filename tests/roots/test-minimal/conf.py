# The least a publisher writes: no copyright, no epub_* value, no theme.
project = "Minimal"
author = "Minimal Author"
extensions = ["editions"]
editions_languages = ["en", "fa"]

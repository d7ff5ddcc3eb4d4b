# A tiny two-edition book for the publishing tests (issue 16): PDF/A, the Persian text
# layer and brackets, EPUB accessibility, reproducible bytes, a photo with its image.
project = "Sample"
author = "Sample Author"
copyright = "2024, Sample Author"
extensions = ["editions"]
editions_languages = ["en", "fa"]
editions_source_language = "en"
editions_titles = {"fa": "کتاب نمونه"}
editions_authors = {"fa": "نویسندهٔ نمونه"}
editions_translators = {"fa": "مترجم نمونه"}
editions_basename = "sample"
editions_identifier = "urn:editions:test-book"
editions_date = "2026-12-01"

# A sample publication with an Arabic edition: right to left, Arabic-Indic digits.
project = "Rivers and Bridges"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en", "ar"]
editions_titles = {"ar": "أنهار وجسور"}
editions_authors = {"ar": "مؤلف العيّنة"}
editions_basename = "rivers"
editions_date = "2024-05-01"
# CLDR writes Arabic with Latin digits by default (as the Maghreb does); this
# edition uses the Arabic-Indic ones (٠١٢…), as Egypt and the Gulf do.
editions_language_overrides = {"ar": {"digits": "arab"}}

# A tiny publication for the parallel view: the source in English, two translations
# (one right-to-left), one paragraph left untranslated in Azerbaijani.
project = "River Towns"
author = "Sample Author"
copyright = "2024, Sample Author"

extensions = ["editions"]

editions_languages = ["az", "en", "fa"]
editions_source_language = "en"
editions_basename = "river-towns"
editions_identifier = "urn:editions:river-towns"
editions_titles = {"az": "Çay şəhərləri", "fa": "شهرهای رودخانه"}
editions_authors = {"fa": "نویسندهٔ نمونه"}

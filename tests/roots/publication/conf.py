# A tiny publication, laid out as `editions new` lays one out, for the pipeline's tests.
project = "Sample Publication"
author = "Sample Author"
copyright = "2024, Sample Author"

extensions = ["editions"]

editions_languages = ["az", "en", "fa", "ru"]
editions_source_language = "en"
editions_basename = "sample-publication"
editions_identifier = "urn:editions:sample-publication"
editions_titles = {
    "az": "Nümunə nəşr",
    "fa": "نشر نمونه",
    "ru": "Образец издания",
}

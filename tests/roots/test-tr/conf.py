# A sample publication with a Turkish edition: nothing but the language code.
project = "Rivers and Bridges"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en", "tr"]
editions_titles = {"tr": "Nehirler ve Köprüler"}
editions_basename = "rivers"
editions_date = "2024-05-01"

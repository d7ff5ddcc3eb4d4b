project = "Sample"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en", "fa"]
editions_titles = {"fa": "کتاب نمونه"}
editions_authors = {"fa": "نویسندهٔ نمونه"}
editions_basename = "sample"
editions_date = "2024-05-01"

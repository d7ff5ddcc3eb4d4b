project = "Sample"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en", "fa"]
editions_titles = {"fa": "نمونه"}
myst_enable_extensions = []

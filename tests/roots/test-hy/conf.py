# A sample publication with an Armenian edition: nothing but the language code.
project = "Rivers and Bridges"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en", "hy"]
editions_titles = {"hy": "Գետեր և կամուրջներ"}
editions_basename = "rivers"
editions_date = "2024-05-01"

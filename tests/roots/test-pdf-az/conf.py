project = "Sample"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["az", "en"]
editions_titles = {"az": "Nümunə kitab"}
editions_authors = {"az": "Rəcəb Həsənbəyli"}
editions_basename = "sample"
editions_date = "2024-05-01"

project = "Covered"
author = "Sample Author"
extensions = ["editions"]
editions_languages = ["en"]
editions_identifier = "urn:editions:covered"
editions_rights = "© 2024 Sample Author"
editions_basename = "covered"
editions_cover = "cover.png"

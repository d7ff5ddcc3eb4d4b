# The publication's metadata and its editions; the behaviour lives in the
# editions extension (src/editions), so this file names no chapter.
project = "Southern Azerbaijanis’ Support for Azerbaijan and the Arrests That Followed"
author = "Rəcəb Həsənbəyli"
copyright = "2024, Rəcəb Həsənbəyli"

extensions = ["editions"]

editions_languages = ["az", "en", "fa", "ru"]
editions_source_language = "en"
editions_basename = "southern-azerbaijan-solidarity"
editions_identifier = "urn:editions:southern-azerbaijan-solidarity"
# No publisher is named: the books say none rather than a placeholder.
# The rights line in each edition's language, the author's name in its script.
editions_rights = {
    "az": "© 2024 Rəcəb Həsənbəyli. Bütün hüquqlar qorunur.",
    "en": "© 2024 Rəcəb Həsənbəyli. All rights reserved.",
    "fa": "© ۲۰۲۴ رجب حسن‌بیگلی. همهٔ حقوق محفوظ است.",
    "ru": "© 2024 Раджаб Гасанбейли. Все права защищены.",
}
editions_titles = {
    "az": "Güney azərbaycanlıların Azərbaycana dəstəyi və ardınca gələn həbslər",
    "en": project,
    "fa": "حمایت مردم آذربایجان جنوبی از جمهوری آذربایجان و بازداشت‌های پس از آن",
    "ru": "Поддержка Азербайджана южными азербайджанцами и последовавшие аресты",
}
editions_authors = {
    "az": "Rəcəb Həsənbəyli",
    "en": "Rəcəb Həsənbəyli",
    "fa": "رجب حسن‌بیگلی",
    "ru": "Раджаб Гасанбейли",
}
# A bilingual book for the readers who read Persian at school and Azerbaijani at home:
# the Persian edition with each passage's Azerbaijani after it (docs/parallel.md).
editions_parallel_epubs = [("fa", "az")]

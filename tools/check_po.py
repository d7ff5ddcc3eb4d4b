"""Run the editions message checks over catalogs: python tools/check_po.py locale/fa/LC_MESSAGES/*.po"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from editions.catalogs import review_catalog  # noqa: E402

for arg in sys.argv[1:]:
    path = Path(arg)
    review = review_catalog(path, path.parts[-3])
    if review.error:
        print(review.error)
    for problem in review.problems:
        print(problem.format(), "|", problem.hint)

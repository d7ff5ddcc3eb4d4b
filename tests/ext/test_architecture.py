"""The layers import one way: import-linter's contracts hold, and the extension alone
(what a plain Sphinx build loads) imports nothing of the pipeline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_linter_contracts_hold() -> None:
    proc = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=REPO, capture_output=True,
                          text=True, check=False, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", out)
    assert kept, out
    # The layers contract and the one against cycles, both checked, none broken.
    assert int(kept[1]) >= 2 and kept[2] == "0", out


def test_the_extension_imports_without_the_pipeline() -> None:
    code = ("import editions.ext, sys; "
            "assert not any(m.startswith('editions.pipeline') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('editions.pipeline'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr

"""Ace by DAISY on a built EPUB: its violations of EPUB Accessibility 1.1, each located.

Ace (npm ``@daisy/ace-cli``, pinned in package.json) drives a browser through
Puppeteer; Debian's Chromium serves, so ``npm install`` downloads none
(``PUPPETEER_SKIP_DOWNLOAD=1``).  A violation fails the book as an EPUBCheck
error does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ACE_TIMEOUT = 300
CHROMIUM = Path("/usr/bin/chromium")
ACE_BIN = Path("node_modules/.bin/ace-cli")


class AceError(Exception):
    """Ace could not run; the message says what to install."""


@dataclass(frozen=True)
class AceViolation:
    rule: str  # e.g. metadata-accessmode, epub-type-has-matching-role
    impact: str  # minor | moderate | serious | critical
    path: str  # the file in the book, e.g. nav.xhtml or content.opf
    message: str
    help_url: str


#: The editions checkout (an editable install), whose package.json pins Ace.
CHECKOUT = Path(__file__).resolve().parents[4]


def ace_command(root: Path) -> Path:
    """ace-cli: the publication's own node_modules, else the editions checkout's, else
    one on PATH; the first candidate when none is there (run_ace says what to do)."""
    candidates = [root / ACE_BIN, CHECKOUT / ACE_BIN]
    on_path = shutil.which("ace-cli")
    candidates += [Path(on_path)] if on_path else []
    return next((c for c in candidates if c.is_file()), candidates[0])


def run_ace(epub: Path, root: Path) -> list[AceViolation]:
    """Ace's violations for ``epub`` (an empty list: it passes)."""
    ace = ace_command(root)
    if not ace.is_file() or shutil.which("node") is None:
        raise AceError(f"Ace is not installed ({ace}): run 'PUPPETEER_SKIP_DOWNLOAD=1 npm ci' "
                       "in the project (package.json pins @daisy/ace-cli)")
    if not CHROMIUM.is_file():
        raise AceError(f"Ace needs a browser and {CHROMIUM} is missing: run "
                       "scripts/install-system.sh (Debian package chromium)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM),
           "PUPPETEER_SKIP_DOWNLOAD": "1"}
    with tempfile.TemporaryDirectory(prefix="editions-ace-") as tmp:
        command = [str(ace), "--silent", "--force", "--outdir", tmp, str(epub)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env,
                                  timeout=ACE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise AceError(f"Ace took over {ACE_TIMEOUT} s on {epub}: run "
                           f"'{' '.join(command)}' by hand to see where it stops") from None
        report = Path(tmp) / "report.json"
        if not report.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise AceError(f"Ace did not check {epub} ({detail[0]}): run "
                           f"'{ace} {epub}' by hand")
        return violations(json.loads(report.read_text(encoding="utf-8")))


def violations(report: dict[str, Any]) -> list[AceViolation]:
    found = []
    for subject in report.get("assertions", []):
        path = str(subject.get("earl:testSubject", {}).get("url", "")).lstrip("/")
        for item in subject.get("assertions", []):
            result = item.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            test = item.get("earl:test", {})
            found.append(AceViolation(str(test.get("dct:title", "")),
                                      str(test.get("earl:impact", "")), path,
                                      str(result.get("dct:description", "")),
                                      str(test.get("help", {}).get("url", ""))))
    return found

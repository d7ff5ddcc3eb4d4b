"""A translator's live preview: one edition, rebuilt when a source or catalog changes."""

from __future__ import annotations

import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from editions.catalogs.checks import run_checks
from editions.pipeline.build import build
from editions.project import Project

STATUS_PATH = "/__editions__/status"
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function show(problems) {
    var box = document.getElementById("editions-preview-problems");
    if (!box) { box = document.createElement("div"); box.id = "editions-preview-problems";
      box.setAttribute("role", "status");
      box.style.cssText = "position:fixed;bottom:0;inset-inline:0;max-height:30vh;overflow:auto;" +
        "background:#fff4e5;border-top:2px solid #c60;padding:.5em;font:13px monospace;z-index:99";
      document.body.appendChild(box); }
    box.textContent = problems.length ? problems.join("\\n") : "";
    box.style.display = problems.length ? "block" : "none";
    box.style.whiteSpace = "pre-wrap";
  }
  function poll() {
    fetch("/__editions__/status").then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version; show(s.problems);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>"""


def watched_files(project: Project, language: str) -> dict[Path, float]:
    paths = [project.root / "conf.py", *project.srcdir.rglob("*"),
             *(project.locale_dir / language).rglob("*.po"),
             *(project.root / "_templates").rglob("*")]
    return {p: p.stat().st_mtime for p in paths if p.is_file()}


class Preview:
    """Builds one edition's HTML, then again whenever its inputs change."""

    def __init__(self, project: Project, language: str) -> None:
        self.project = project
        self.language = language
        self.version = 0
        self.problems: list[str] = []
        self.status = "building"
        self._stop = threading.Event()
        self._snapshot: dict[Path, float] = {}

    def rebuild(self) -> None:
        self._snapshot = watched_files(self.project, self.language)
        report = build(self.project, [self.language], ["html"], jobs=1)
        checks = run_checks(self.project, [self.language])
        self.problems = ([p for r in report.results for p in r.problems] +
                         [p.format() for p in checks.problems])
        self.status = "ok" if report.ok else "failed"
        self.version += 1

    def watch(self, interval: float = 0.4) -> None:
        while not self._stop.wait(interval):
            if watched_files(self.project, self.language) != self._snapshot:
                self.rebuild()

    def stop(self) -> None:
        self._stop.set()

    def state(self) -> dict[str, Any]:
        return {"version": self.version, "status": self.status, "problems": self.problems,
                "language": self.language}


class PreviewHandler(SimpleHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            self._send(json.dumps(self.preview.state()).encode(), "application/json")
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_text(encoding="utf-8")
            html = html.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the terminal for build messages


def start_preview(project: Project, language: str, port: int = 8000
                  ) -> tuple[ThreadingHTTPServer, Preview]:
    """Build, then serve on loopback only and watch in the background."""
    preview = Preview(project, language)
    preview.rebuild()
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 partial(handler, directory=str(project.site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=preview.watch, daemon=True).start()
    return server, preview


def serve(project: Project, language: str | None, port: int) -> None:
    language = language or project.source_language
    server, preview = start_preview(project, language, port)
    host, bound = str(server.server_address[0]), server.server_address[1]
    print(f"editions: previewing {language} at http://{host}:{bound}/{language}/index.html "
          "(Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    finally:
        preview.stop()
        server.shutdown()

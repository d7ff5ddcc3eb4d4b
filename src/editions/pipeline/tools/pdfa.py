"""PDF/A-2u: the archival PDF LuaLaTeX writes through \\DocumentMetadata, finished and checked.

LuaTeX writes ``\\nendstream`` after a stream's data.  When a compressed stream's
last byte is a carriage return (1 in 256: zlib ends with the Adler-32 of the
uncompressed data, so no compression level avoids it), validators read CR LF as
the end-of-line marker and find the stream one byte shorter than its /Length.
``finish`` wraps only such streams in an outer ASCII85 filter, which ends in
``~>``; ``check`` validates with page (PyPI ``page-validation``) for PDF/A-2u.
"""

from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import page
import pikepdf

PROFILE = "2u"


@dataclass(frozen=True)
class PdfaFailure:
    rule: str
    message: str
    obj: str  # "12 0" or ""


def _filters(stream: pikepdf.Stream) -> list[pikepdf.Object]:
    value = stream.get("/Filter")
    if value is None:
        return []
    return [value] if isinstance(value, pikepdf.Name) else list(value)


def _parms(stream: pikepdf.Stream, count: int) -> list[pikepdf.Object | None]:
    value = stream.get("/DecodeParms")
    if value is None:
        return [None] * count
    return [value] if isinstance(value, pikepdf.Dictionary) else list(value)


def ambiguous_streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [obj for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r")]


def finish(path: Path) -> int:
    """Make every stream's end unambiguous, in place; how many streams were rewrapped."""
    with pikepdf.open(path) as pdf:
        streams = ambiguous_streams(pdf)
        if not streams:
            return 0
        for stream in streams:
            filters = _filters(stream)
            parms = _parms(stream, len(filters))
            data = base64.a85encode(stream.read_raw_bytes()) + b"~>"
            decode = (pikepdf.Array([None, *parms]) if any(p is not None for p in parms)
                      else None)
            stream.write(data, filter=pikepdf.Array([pikepdf.Name.ASCII85Decode, *filters]),
                         decode_parms=decode, type_check=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".pdf")
        os.close(fd)
        # The same input gives the same bytes: /ID from the content, streams as they are.
        pdf.save(tmp, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve, compress_streams=False)
    os.chmod(tmp, path.stat().st_mode & 0o777)  # mkstemp's file is the owner's alone
    os.replace(tmp, path)
    return len(streams)


def check(path: Path) -> list[PdfaFailure]:
    """page's PDF/A-2u findings for ``path``; none when it conforms."""
    report = page.validate_pdf(path, profile=PROFILE)
    if report.is_compliant:
        return []
    return [PdfaFailure(f.rule_id, f.message,
                        f"{f.object_id.object_number} {f.object_id.generation}"
                        if f.object_id else "")
            for f in report.failures]

"""PDF/A finishing: a stream whose data ends in a carriage return is made unambiguous."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf

from editions.pipeline.tools import pdfa


def _pdf_with_streams(path: Path, payloads: list[bytes]) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for payload in payloads:
        compressed = zlib.compress(payload)
        stream = pikepdf.Stream(pdf, compressed)
        stream.Filter = pikepdf.Name.FlateDecode
        pdf.Root[pikepdf.Name(f"/Test{len(pdf.objects)}")] = pdf.make_indirect(stream)
    # A fixed /ID, as LuaLaTeX writes under SOURCE_DATE_EPOCH: qpdf keeps the first half
    # of an input's /ID, and pikepdf's own would come from the clock.
    pdf.save(path, compress_streams=False, deterministic_id=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)


def _payload_ending_in_cr() -> bytes:
    """Data whose zlib stream ends in 0x0D (its Adler-32's low byte)."""
    n = 0
    while not zlib.compress(b"%d" % n).endswith(b"\r"):
        n += 1
    return b"%d" % n


def test_a_stream_ending_in_cr_is_rewrapped_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "cr.pdf"
    ambiguous, plain = _payload_ending_in_cr(), b"no carriage return at the end"
    _pdf_with_streams(path, [ambiguous, plain])
    with pikepdf.open(path) as pdf:
        assert len(pdfa.ambiguous_streams(pdf)) == 1
    assert pdfa.finish(path) == 1
    with pikepdf.open(path) as pdf:
        assert pdfa.ambiguous_streams(pdf) == []
        data = sorted(bytes(obj.read_bytes()) for obj in pdf.objects
                      if isinstance(obj, pikepdf.Stream) and "/Filter" in obj)
    assert data == sorted([ambiguous, plain])
    assert pdfa.finish(path) == 0  # nothing left to do: the file is not rewritten


def test_finishing_is_deterministic(tmp_path: Path) -> None:
    copies = []
    for name in ("a.pdf", "b.pdf"):
        path = tmp_path / name
        _pdf_with_streams(path, [_payload_ending_in_cr()])
        pdfa.finish(path)
        copies.append(path.read_bytes())
    assert copies[0] == copies[1]

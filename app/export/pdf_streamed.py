"""ReportLab's document written to its file object by object as they are formatted (issue 13:
bounded memory).

ReportLab keeps every finished page in memory, then formats every object into a list of strings
and joins them into one `bytes` before it writes anything: for a 1,000,000-row annexure, the
pages (already compressed, see pdf_canvas) plus two copies of the whole file, 100 MB each.  Here
- each finished page's compressed content goes to a temporary spool file (`PageStream`), read
  back only when it is written;
- `StreamedDocument.format` is ReportLab's `PDFDocument.format` (reportlab 4: the same objects in
  the same order, the same offsets, cross-reference table and trailer, so the same bytes) with an
  output collector that writes to the file as it goes.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc


class PageStream(pdfdoc.PDFStream):  # type: ignore[misc]  # ReportLab is untyped
    """A finished page's compressed content, kept in the document's spool file (not in memory)
    until the file is written; read back only to be written."""

    def __init__(self, doc: Any, data: bytes) -> None:
        super().__init__()
        self.spool: IO[bytes] = doc.spool()
        self.spool.seek(0, os.SEEK_END)
        self.at, self.size = self.spool.tell(), len(data)
        self.spool.write(data)

    def format(self, document: Any) -> bytes:
        self.spool.seek(self.at)
        self.content: bytes | None = self.spool.read(self.size)
        try:
            text: bytes = super().format(document)
        finally:
            self.content = None
        return text


class _FileCollector(pdfdoc.PDFFile):  # type: ignore[misc]
    """ReportLab's output collector (it counts offsets), writing through to `out`."""

    def __init__(self, out: IO[bytes], version: Any) -> None:
        super().__init__(version)  # the header goes into self.strings
        for s in getattr(self, "strings"):  # noqa: B009 (ReportLab's untyped attribute)
            out.write(s)
        self.strings: list[bytes] = []
        self.write = out.write

    def format(self, document: Any) -> bytes:
        return b""  # everything is written already


class StreamedDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """A PDFDocument that writes to a file object as it formats (a file name: as ReportLab)."""

    _out: IO[bytes] | None = None
    _spool: IO[bytes] | None = None

    def spool(self) -> IO[bytes]:
        """The temporary file that holds the finished pages (deleted when closed)."""
        if self._spool is None:  # closed by SaveToFile (or, on a cancel, when collected)
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115
        return self._spool

    def SaveToFile(self, filename: Any, canvas: Any) -> None:  # noqa: N802 (ReportLab's name)
        if not callable(getattr(filename, "write", None)):
            super().SaveToFile(filename, canvas)
            return
        if getattr(self, "_savedToFile", False):
            raise RuntimeError("a document can only be saved once")
        self._savedToFile = True
        self._out = filename
        try:
            self.GetPDFData(canvas)  # format() below writes as it goes
        finally:
            self._out = None
            if self._spool is not None:
                self._spool.close()

    def format(self) -> bytes:
        if self._out is None:
            return super().format()  # type: ignore[no-any-return]
        if getattr(self, "_digiSigs", None):
            raise ValueError("a signed PDF is not written streamed")  # never made by this app
        # ReportLab 4's PDFDocument.format, the collector writing through to the file
        self.encrypt.prepare(self)
        cat, info = self.Catalog, self.info
        self.Reference(cat)
        self.Reference(info)
        encryptref = None
        encryptinfo = self.encrypt.info()
        if encryptinfo:
            encryptref = self.Reference(encryptinfo)
        counter = 0
        ids = []
        numbertoid, id_to_ob, id_to_of = self.numberToId, self.idToObject, self.idToOffset
        self.__accum__ = out = _FileCollector(self._out, self._pdfVersion)
        while True:
            counter += 1
            if counter not in numbertoid:
                break
            oid = numbertoid[counter]
            obj = id_to_ob[oid]
            formatted = pdfdoc.PDFIndirectObject(oid, obj).format(self)
            if not rl_config.invariant and rl_config.pdfComments:
                out.add(f"% {ascii(oid)}: class {type(obj).__name__[:50]} \n")
            id_to_of[oid] = out.add(formatted)
            ids.append(oid)
        del self.__accum__
        count = len(numbertoid)
        if counter - 1 != count:
            raise ValueError(f"counter {counter} doesn't match number to id dictionary {count}")
        xref = pdfdoc.PDFCrossReferenceTable()
        xref.addsection(0, ids)
        xref_offset = out.add(xref.format(self))
        trailer = pdfdoc.PDFTrailer(
            startxref=xref_offset,
            Size=count + 1,
            Root=self.Reference(cat),
            Info=self.Reference(info),
            Encrypt=encryptref,
            ID=self.ID(),
        )
        out.add(trailer.format(self))
        return b""

"""Bytes of a source file or page to text. Pure: no I/O.

Editors bring files saved by many programs: UTF-8 (with or without a BOM),
UTF-16 from Windows editors, Windows-1252 and Latin-1 from older ones. UTF-8
is tried first, since text in another encoding almost never decodes as valid
UTF-8. A file that is UTF-8 but for a few broken bytes (a truncated copy, a
bad paste) stays UTF-8: the broken bytes become U+FFFD and the editor is told
where they are; reading it as Windows-1252 instead would garble every accented
letter in it ("Ã©"). Only a file with no UTF-8 in it at all is read in the
encoding the page or server declares, then Windows-1252 (a superset of
Latin-1's printable characters, and what browsers read for a declared
"iso-8859-1"), then Latin-1, which decodes any byte.
"""

from __future__ import annotations

import codecs
import re

from digest.errors import ArticleImportError

# File signatures of formats that are not text: PDF, ZIP (docx, epub), PNG, JPEG, GIF, WebP/RIFF, gzip, OLE (doc).
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "iso-ir-100"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.02


def decode_bytes(data: bytes, *, declared: str = "") -> str:
    """The text of ``data``. Raises ArticleImportError for binary data."""
    return decode_text(data, declared=declared)[0]


def decode_text(data: bytes, *, declared: str = "") -> tuple[str, list[str]]:
    """(the text of ``data``, warnings for the editor). Raises ArticleImportError for binary data."""
    warnings: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), warnings
            except UnicodeDecodeError:
                raise ArticleImportError(f"the file starts like {encoding.upper()} text but is not") from None
    if data.startswith(_MAGIC):
        raise ArticleImportError("a binary file, not text: give a .txt or .html file")
    nuls = data.count(b"\x00")
    if nuls:
        # UTF-16 without its BOM, or a binary file, is full of NUL bytes; a page with a few stray
        # ones (some content systems leave them) is text.
        if nuls / len(data) > MAX_CONTROL_SHARE / 2:
            raise ArticleImportError("a binary file, not text: give a .txt or .html file")
        data = data.replace(b"\x00", b"")
        warnings.append(f"{nuls} NUL byte{'s' if nuls != 1 else ''} taken out of the file")
    text = _decode(data, declared, warnings)
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise ArticleImportError("a binary file, not text: give a .txt or .html file")
    return text, warnings


def _decode(data: bytes, declared: str, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    text = data.decode("utf-8", errors="replace")
    good = sum(1 for character in text if ord(character) > 0x7F and character != "\ufffd")
    bad = text.count("\ufffd")
    if good and good >= bad:
        line = data.count(b"\n", 0, first_bad) + 1
        col = len(data[data.rfind(b"\n", 0, first_bad) + 1:first_bad].decode("utf-8", "replace")) + 1
        warnings.append(
            f"{bad} byte{'s' if bad != 1 else ''} of the file {'are' if bad != 1 else 'is'} not valid UTF-8 "
            f"(the first at line {line}, column {col}): shown as \ufffd; check the text there"
        )
        return text
    declared = declared.strip().strip("\"'").lower()
    if declared and declared not in _LATIN1_LABELS and not declared.replace("-", "").startswith("utf8"):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes, content_type: str = "") -> str:
    """The charset a server's Content-Type or the page's own ``<meta>`` declares, else ""."""
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.IGNORECASE)
    if match:
        return match[1]
    meta = _META_CHARSET.search(data[:4096])
    return meta[1].decode("ascii") if meta else ""


def looks_like_html(text: str) -> bool:
    """True for a web page saved without an .html name."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(re.search(r"<(?:html|head|body)[\s>]", head))

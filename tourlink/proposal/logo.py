"""The operator's logo: check an uploaded image by its content, and make it safe to print.

An upload is trusted for nothing: not its file name, not its ``Content-Type``. Its bytes
must be a PNG or a JPEG (the signature, then Pillow's own reading of the header, must
agree), at most :data:`MAX_LOGO_BYTES` long, between :data:`MIN_SIDE` and
:data:`MAX_SIDE` pixels a side (checked from the header before any pixel is decoded, so a
"decompression bomb" is refused unread), and decode completely. The image kept is
re-encoded by Pillow from its pixels — metadata (EXIF, comments, an embedded colour
profile's text), trailing bytes and anything appended to make a polyglot file are gone —
and scaled down to fit :data:`STORED_SIDE` pixels.

SVG is refused: an SVG is a program-like XML document that can carry scripts, event
handlers, links to other sites and external references a PDF renderer would fetch;
sanitising it safely needs a vetted SVG sanitiser this project does not ship. The message
says to export the logo as PNG.
"""

from __future__ import annotations

import base64
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Literal

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Param, define, message
from tourlink.texts import field_ref

__all__ = [
    "MAX_LOGO_BYTES",
    "MAX_SIDE",
    "MIN_SIDE",
    "STORED_SIDE",
    "Logo",
    "check_logo",
    "sniff",
]

MAX_LOGO_BYTES = 1024 * 1024
"""The largest upload accepted (1 MiB; a logo is rarely over 200 kB)."""
MAX_SIDE = 3000
"""The largest width or height accepted, in pixels (read from the header, before decoding)."""
MIN_SIDE = 16
"""The smallest width or height accepted: anything smaller cannot be read on paper."""
STORED_SIDE = 800
"""The kept image fits a square of this many pixels (the proposal prints it at ~4 cm)."""

MediaType = Literal["image/png", "image/jpeg"]
_FORMATS: dict[str, MediaType] = {"PNG": "image/png", "JPEG": "image/jpeg"}
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF", "PDF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
)
_FIELD = "logo"


@dataclass(frozen=True, slots=True)
class Logo:
    """A checked, re-encoded logo: its bytes, media type and size in pixels."""

    data: bytes
    media_type: MediaType
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.media_type not in _FORMATS.values():
            raise ValueError(f"Logo.media_type must be PNG or JPEG, got {self.media_type!r}.")
        if not (0 < self.width <= STORED_SIDE and 0 < self.height <= STORED_SIDE):
            size = f"{self.width}×{self.height}"
            raise ValueError(f"Logo size must fit {STORED_SIDE} px, got {size}.")

    @property
    def sha256(self) -> str:
        """The hex digest of the bytes (an ETag, a cache key)."""
        return hashlib.sha256(self.data).hexdigest()

    def data_uri(self) -> str:
        """Return the logo as a ``data:`` URI for an ``<img>`` (page and PDF alike)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode()}"


def sniff(data: bytes) -> str:
    r"""Return what ``data`` is by its first bytes: ``"PNG"``, ``"JPEG"``, ``"SVG"``, … or ``""``.

    Examples
    --------
    >>> sniff(b"\x89PNG\r\n\x1a\n...."), sniff(b"<?xml version='1.0'?><svg/>"), sniff(b"hi")
    ('PNG', 'SVG', '')
    """
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in head:
        return "SVG"
    if head.startswith(b"<"):
        return "HTML or XML"
    return ""


LOGO_EMPTY = define("logo.empty", "{field} must be a PNG or JPEG image, got an empty file.")
LOGO_TOO_BIG = define(
    "logo.too-big",
    "{field} may be at most {limit} bytes, got {size} bytes: export it smaller (a logo needs "
    "no more than 800 pixels a side).",
)
LOGO_SVG = define(
    "logo.svg",
    "{field} must be a PNG or JPEG image, got an SVG: SVG files can carry scripts and links "
    "that would travel with every proposal, so they are not accepted; export the logo as PNG "
    "(transparent background kept) and upload that.",
)
LOGO_OTHER = define(
    "logo.other-format",
    "{field} must be a PNG or JPEG image, got a {kind} file (judged by its content).",
)
LOGO_NOT_IMAGE = define(
    "logo.not-an-image",
    "{field} must be a PNG or JPEG image, got a file that is not an image (judged by its content).",
)
LOGO_HTML = define("logo.html-or-xml", "HTML or XML")
LOGO_HUGE = define(
    "logo.far-too-many-pixels",
    "{field} must be between {low} and {high} pixels wide and high, got an image of far more "
    "pixels.",
)
LOGO_UNREADABLE = define(
    "logo.unreadable",
    "{field} looks like a {kind} file but its header cannot be read: it is damaged; export it "
    "again.",
)
LOGO_SIZE = define(
    "logo.size",
    "{field} must be between {low} and {high} pixels wide and high, got {width}×{height}.",
)
LOGO_DAMAGED = define(
    "logo.damaged",
    "{field} is a damaged or truncated {kind} image ({width}×{height}): export it again.",
)


def _refuse(code: str, **params: Param) -> InvalidRequestError:
    return InvalidRequestError(message(code, field=field_ref(_FIELD), **params), field=_FIELD)


def _sides() -> dict[str, Param]:
    return {"low": str(MIN_SIDE), "high": str(MAX_SIDE)}


def _kind(data: bytes) -> str:
    if not data:
        raise _refuse(LOGO_EMPTY)
    if len(data) > MAX_LOGO_BYTES:
        raise _refuse(LOGO_TOO_BIG, limit=MAX_LOGO_BYTES, size=len(data))
    kind = sniff(data)
    if kind == "SVG":
        raise _refuse(LOGO_SVG)
    if kind not in _FORMATS:
        if not kind:
            raise _refuse(LOGO_NOT_IMAGE)
        raise _refuse(LOGO_OTHER, kind=message(LOGO_HTML) if kind == "HTML or XML" else kind)
    return kind


def check_logo(data: bytes) -> Logo:
    """Check an uploaded logo by its content and return it re-encoded and fitted.

    Parameters
    ----------
    data
        The uploaded bytes, as received.

    Returns
    -------
    Logo
        A PNG (for a PNG upload, transparency kept) or a JPEG, re-encoded from the pixels,
        at most :data:`STORED_SIDE` pixels a side.

    Raises
    ------
    InvalidRequestError
        With ``field="logo"``, naming what was received and what is expected: an empty or
        too large file, an SVG, another format, a size out of bounds, a damaged image.
    """
    from PIL import Image, UnidentifiedImageError

    kind = _kind(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _refuse(LOGO_HUGE, **_sides()) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise _refuse(LOGO_UNREADABLE, kind=kind) from None
    with image:
        width, height = image.size
        if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
            raise _refuse(LOGO_SIZE, width=str(width), height=str(height), **_sides())
        try:
            _verify(data, kind)
            image.load()
        except (OSError, SyntaxError, ValueError):
            raise _refuse(LOGO_DAMAGED, kind=kind, width=str(width), height=str(height)) from None
        return _reencode(image, kind)


def _verify(data: bytes, kind: str) -> None:
    """Raise ``OSError`` for a truncated or corrupt file.

    Not left to :meth:`PIL.Image.Image.load`: WeasyPrint sets Pillow's global
    ``LOAD_TRUNCATED_IMAGES``, after which a truncated image loads as if whole.
    """
    from PIL import Image

    if kind == "JPEG":
        if b"\xff\xd9" not in data[-65536:]:
            raise OSError("no end-of-image marker")
        return
    with Image.open(io.BytesIO(data), formats=[kind]) as image:
        image.verify()  # every chunk's CRC, up to the end


def _reencode(image: object, kind: str) -> Logo:
    from PIL import Image, ImageOps

    assert isinstance(image, Image.Image)
    image = ImageOps.exif_transpose(image)  # a phone's JPEG stands as it was taken
    pixels = image.convert("RGBA" if kind == "PNG" else "RGB")
    pixels.thumbnail((STORED_SIDE, STORED_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "PNG":
        pixels.save(out, format="PNG", optimize=True)
    else:
        pixels.save(out, format="JPEG", quality=90, optimize=True)
    width, height = pixels.size
    return Logo(out.getvalue(), _FORMATS[kind], width, height)

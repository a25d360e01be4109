"""The Lao font the pages use: Noto Sans Lao (SIL Open Font License 1.1), served by the app.

Lao is drawn on machines that have no Lao font because the app serves one: the files of
Debian's ``fonts-noto-core`` package (``/usr/share/fonts/truetype/noto``), the same source
the customer PDFs print with (WeasyPrint finds them through fontconfig). ``.ci/run``
installs the package; ``TOURLINK_FONT_DIR`` points elsewhere. Without the files the app
still starts: ``/fonts/…`` answers 404 and the browser falls back to its own fonts.

``static/style.css`` declares the face as ``"tourlink Lao"`` for the Lao block only
(``unicode-range``), so Latin and Vietnamese keep the system font.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, current_app, send_from_directory

__all__ = ["DEBIAN_NOTO", "FONTS", "font_dir", "init_app"]

DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")
#: The files served, by name (nothing else under the folder is reachable).
FONTS = ("NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf")


def font_dir(app: Flask) -> Path | None:
    """Return the folder holding :data:`FONTS` (``FONT_DIR`` or Debian's), or ``None``."""
    configured = app.config.get("FONT_DIR")
    folder = Path(configured) if configured else DEBIAN_NOTO
    return folder if (folder / FONTS[0]).is_file() else None


def _font(filename: str) -> Response:
    folder = current_app.extensions.get("tourlink_fonts")
    if filename not in FONTS or folder is None or not (folder / filename).is_file():
        abort(404)
    return send_from_directory(folder, filename, mimetype="font/ttf", max_age=7 * 86400)


def init_app(app: Flask) -> None:
    """Serve the Lao font under ``/fonts/<name>`` when its files are present."""
    app.extensions["tourlink_fonts"] = font_dir(app)
    app.add_url_rule("/fonts/<filename>", endpoint="font", view_func=_font)

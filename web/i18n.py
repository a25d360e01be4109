"""Languages: Vietnamese (default) and English, chosen by ``?lang=``, a cookie or the config.

Message ids are English; ``translations/vi/LC_MESSAGES/messages.po`` holds the Vietnamese
text and its compiled ``messages.mo`` is committed next to it. If the ``.mo`` is missing
(a checkout where someone deleted it) it is compiled from the ``.po`` at start-up when the
folder is writable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, Response, current_app, request
from flask_babel import Babel, get_locale

__all__ = ["COOKIE", "TRANSLATIONS", "compile_catalogs", "current_language", "init_app"]

COOKIE = "tourlink_lang"
TRANSLATIONS = Path(__file__).parent / "translations"


def compile_catalogs(folder: Path = TRANSLATIONS, *, force: bool = False) -> list[Path]:
    """Compile every ``messages.po`` under ``folder`` whose ``.mo`` is missing or older.

    Returns the ``.mo`` files written.
    """
    written = []
    for po_path in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        try:
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
        except OSError:  # read-only install: keep whatever is shipped
            continue
        written.append(mo_path)
    return written


def _select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return str(asked)
    remembered = request.cookies.get(COOKIE)
    if remembered in languages:
        return str(remembered)
    return str(current_app.config["LANGUAGE"])


def current_language() -> str:
    """Return the language of the current request (``"vi"`` or ``"en"``)."""
    return str(get_locale() or current_app.config["LANGUAGE"])


def _remember_language(response: Response) -> Response:
    asked = request.args.get("lang")
    if (
        asked is not None
        and asked in current_app.config["LANGUAGES"]
        and request.cookies.get(COOKIE) != asked
    ):
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with the locale selector and the language cookie."""
    if not any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo")):
        compile_catalogs()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=_select_locale, default_locale=app.config["LANGUAGE"])
    app.after_request(_remember_language)

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        return {"lang": current_language(), "languages": app.config["LANGUAGES"]}

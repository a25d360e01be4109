"""Languages: Vietnamese (default), English and Lao, chosen by ``?lang=``, a cookie or the browser.

Message ids are English (gettext's convention). Two kinds of catalogue exist:

- the interface's, ``web/translations/<lang>/LC_MESSAGES/messages.po``, for every string
  marked with ``_()``/``_l()``/``ngettext()`` in ``web/**.py`` and ``web/templates/**.html``;
- the library's, ``tourlink/locale/<lang>/LC_MESSAGES/tourlink.po`` (see
  :mod:`tourlink.translations`), for every code of :data:`tourlink.messages.MESSAGES`.

Each ``.po`` has its compiled ``.mo`` committed next to it. If a ``.mo`` is missing (a
checkout where someone deleted it) it is compiled from the ``.po`` at start-up when the
folder is writable.

The language of a request is, in order: ``?lang=`` (and it is remembered in a cookie),
the cookie, the browser's ``Accept-Language``, the configured ``LANGUAGE``.

Keeping the catalogues up to date (after adding or changing a string)::

    python -m tourlink_web.i18n update    # extract, merge into every .po, compile the .mo
    python -m tourlink_web.i18n check     # list untranslated strings; exit 1 if any

``update`` adds new source strings to every catalogue with an empty translation and marks
changed ones fuzzy; translate them in the ``.po`` files (Poedit or any editor), then run
``update`` again to compile. ``tests/web/test_i18n.py`` fails while a string lacks a
Vietnamese or a Lao translation, or a translation's placeholders differ from the source's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, get_locale

from tourlink import texts as library_texts
from tourlink import translations as library
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, Namer, Ref, message

__all__ = [
    "COOKIE",
    "LANGUAGE_NAMES",
    "TRANSLATIONS",
    "compile_catalogs",
    "current_language",
    "dicts",
    "extract",
    "format_day",
    "format_money",
    "format_number",
    "init_app",
    "main",
    "render",
    "render_options",
    "renderer",
    "road_name",
    "texts",
    "untranslated",
    "update_catalogs",
]

COOKIE = "tourlink_lang"
TRANSLATIONS = Path(__file__).parent / "translations"
#: Each language's name in itself, as the language switch shows it.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "lo": "ພາສາລາວ"}
#: Languages that have a catalogue (English is the source language).
TRANSLATED = ("vi", "lo")
KEYWORDS: dict[str, Any] = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def compile_catalogs(folder: Path = TRANSLATIONS, *, force: bool = False) -> list[Path]:
    """Compile every ``.po`` under ``folder`` whose ``.mo`` is missing or older.

    Returns the ``.mo`` files written.
    """
    written = []
    for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
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


def extract(folder: Path = TRANSLATIONS.parent) -> Catalog:
    """Return the template catalogue of every translatable string of the web interface."""
    template = Catalog(project="tourlink", fuzzy=False)
    for filename, lineno, msgid, _comments, context in extract_from_dir(
        str(folder), METHOD_MAP, keywords=KEYWORDS
    ):
        template.add(msgid, locations=[(f"web/{filename}", lineno)], context=context)
    return template


def update_catalogs(template: Catalog, folder: Path, domain: str) -> list[Path]:
    """Merge ``template`` into ``folder/<lang>/LC_MESSAGES/<domain>.po`` for every language.

    New strings get an empty translation, changed ones are marked fuzzy, vanished ones
    become obsolete; a missing catalogue is created with CLDR's plural rule. Returns the
    ``.po`` files written; their ``.mo`` are compiled afterwards.
    """
    written = []
    for lang in TRANSLATED:
        po_path = folder / lang / "LC_MESSAGES" / f"{domain}.po"
        if po_path.exists():
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=lang)
        else:
            po_path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, project="tourlink", fuzzy=False)
        created = catalog.creation_date  # keep the header stable: fewer merge conflicts
        catalog.update(template, update_header_comment=False)
        catalog.creation_date = created
        catalog.obsolete.clear()
        with po_path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, include_lineno=False)
        written.append(po_path)
    compile_catalogs(folder, force=True)
    return written


def untranslated(folder: Path, domain: str) -> list[str]:
    """Return ``"<lang>: <msgid>"`` for every string without a current translation."""
    missing = []
    for lang in TRANSLATED:
        po_path = folder / lang / "LC_MESSAGES" / f"{domain}.po"
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=lang)
        for entry in catalog:
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if entry.id and (entry.fuzzy or not all(strings)):
                missing.append(f"{lang}: {entry.id}")
    return missing


def _catalogues() -> Iterable[tuple[Catalog, Path, str]]:
    yield extract(), TRANSLATIONS, "messages"
    yield library.template(), library.LOCALE_DIR, library.DOMAIN


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m tourlink_web.i18n update|check`` (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m tourlink_web.i18n")
    parser.add_argument("command", choices=("update", "check"))
    args = parser.parse_args(argv)
    missing = []
    for template, folder, domain in _catalogues():
        if args.command == "update":
            for path in update_catalogs(template, folder, domain):
                print(f"updated {path}")
        missing += [f"{domain} {line}" for line in untranslated(folder, domain)]
    for line in missing:
        print(f"untranslated: {line}")
    return 1 if missing and args.command == "check" else 0


def _select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return str(asked)
    if request.path.startswith("/api/"):  # machines: English unless they ask
        return str(request.accept_languages.best_match(languages) or "en")
    remembered = request.cookies.get(COOKIE)
    if remembered in languages:
        return str(remembered)
    browser = request.accept_languages.best_match(languages)
    return str(browser or current_app.config["LANGUAGE"])


def current_language() -> str:
    """Return the language of the current request (``"vi"``, ``"en"`` or ``"lo"``)."""
    return str(get_locale() or current_app.config["LANGUAGE"])


def renderer() -> library.Renderer:
    """Return the message renderer of the current request (its language, the app's data)."""
    found: library.Renderer | None = g.get("tourlink_renderer")
    if found is None or found.locale != current_language():
        network = current_app.extensions["tourlink"].network
        found = library.renderer(current_language(), network)
        found.name = _naming_routes(found.name, found.locale)
        g.tourlink_renderer = found
    return found


def _naming_routes(name: Namer, lang: str) -> Namer:
    """Return ``name`` naming a published route (a ``"route"`` reference) as its page does.

    The route's published name in ``lang`` (else English, else Vietnamese), else its
    tour's Vietnamese name on Vietnamese pages and its English one elsewhere; a route no
    longer published keeps the name saved in the reference.
    """

    def named(ref: Ref) -> str:
        if ref.kind == "route":
            from tourlink_web.published import published_routes

            route = published_routes().get(ref.id)
            if route is not None:
                text = route.text(lang, "name")
                tour = route.tour
                return (
                    text[0] if text else (tour.name if lang == "vi" else tour.name_en or tour.name)
                )
        return name(ref)

    return named


def render_options() -> dict[str, Any]:
    """Return the ``locale``, ``translate`` and ``name`` arguments of the current request.

    For every library function that renders messages itself, such as
    :func:`tourlink.planner.serialize.itinerary_to_dict`:
    ``itinerary_to_dict(trip, network=net, **render_options())`` gives the warnings,
    notes and explanations in the page's (or the API caller's) language.
    """
    said = renderer()
    return {"locale": said.locale, "translate": said.translate, "name": said.name}


def render(item: Message | str | None) -> str:
    """Return a message (or a plain string) as text in the current request's language."""
    if isinstance(item, Message):
        return renderer()(item)
    return "" if item is None else str(item)


def road_name(road: str) -> str:
    """Return a road's name in the current request's language ("QL24" stays "QL24")."""
    return renderer().name(Ref("road", road, road)) if road else road


def texts(items: Iterable[Message | str]) -> list[str]:
    """Return :func:`render` of every item."""
    return [render(item) for item in items]


def dicts(items: Iterable[Message]) -> list[dict[str, Any]]:
    """Return every message as ``{code, params, text}`` in the current request's language."""
    return [renderer().to_dict(item) for item in items]


#: How a day is written in each language (Vietnamese and Lao: ``2/3/2027``).
DATE_PATTERNS = {"vi": "d/M/y", "en": "d MMM y", "lo": "d/M/y"}


def format_day(day: dt.date | dt.datetime, style: str = "short") -> str:
    """Return a date in the page's language: ``2/3/2027``, or its full form with ``"full"``."""
    lang = current_language()
    if isinstance(day, dt.datetime):
        day = day.date()
    pattern = DATE_PATTERNS.get(lang, "d MMM y") if style == "short" else style
    return babel_dates.format_date(day, pattern, locale=lang)


def format_money(amount: Decimal | float | int, currency: str) -> str:
    """Return an amount in the page's language: ``1.250.000 ₫``, ``₭50.000``."""
    return babel_numbers.format_currency(amount, currency, locale=current_language())


def format_number(value: float | int, digits: int = 0) -> str:
    """Return a number in the page's language with ``digits`` decimals (``1.250,5``)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(round(value, digits), pattern, locale=current_language())


def _check_api_language() -> None:
    """Refuse an unknown ``lang`` on the API (pages simply ignore it)."""
    asked = request.args.get("lang")
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/") and "lang" in request.args and asked not in languages:
        expected = message(library_texts.ONE_OF, choices=", ".join(languages))
        raise InvalidRequestError(library_texts.bad_value("lang", asked, expected), field="lang")


def _remember_language(response: Response) -> Response:
    asked = request.args.get("lang")
    if (
        asked is not None
        and asked in current_app.config["LANGUAGES"]
        and request.cookies.get(COOKIE) != asked
    ):
        response.set_cookie(
            COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
            httponly=True,  # no script reads it: the server renders every page's language
            samesite="Lax",
        )
    if "Accept-Language" not in response.vary:
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with the locale selector and the language cookie."""
    for folder in (TRANSLATIONS, library.LOCALE_DIR):
        if any(not po.with_suffix(".mo").exists() for po in folder.glob("*/LC_MESSAGES/*.po")):
            compile_catalogs(folder)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=_select_locale, default_locale=app.config["LANGUAGE"])
    app.before_request(_check_api_language)
    app.after_request(_remember_language)
    app.add_template_filter(render, "msg")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(road_name, "road")

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        return {
            "lang": current_language(),
            "languages": app.config["LANGUAGES"],
            "language_names": LANGUAGE_NAMES,
        }


if __name__ == "__main__":
    sys.exit(main())

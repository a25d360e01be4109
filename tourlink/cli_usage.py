"""Command-line usage errors in the reader's language (argparse's own sentences as Messages).

argparse refuses a bad command line before ``--lang`` is read, with English sentences
("invalid choice", "the following arguments are required" …). :class:`Parser` keeps its
usage line and exit code 2 but says the error in the language the command line asks for
(``--lang`` anywhere in it, else ``$TOURLINK_LANG``), rebuilt from argparse's wording as a
:class:`~tourlink.messages.Message`; a sentence it does not know stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from tourlink.messages import Message, define
from tourlink.messages import message as make_message
from tourlink.translations import LANGUAGES, renderer

__all__ = ["Parser", "language_of", "usage_message"]

ERROR = define("cli.usage.error", "{prog}: error: {error}")
INVALID_CHOICE = define(
    "cli.usage.invalid-choice",
    "argument {argument}: invalid choice: {value} (choose from {choices})",
)
REQUIRED = define("cli.usage.required", "the following arguments are required: {arguments}")
UNRECOGNIZED = define("cli.usage.unrecognized", "unrecognized arguments: {arguments}")
ONE_VALUE = define("cli.usage.one-value", "argument {argument}: expected one argument")
INVALID_VALUE = define(
    "cli.usage.invalid-value", "argument {argument}: invalid {kind} value: {value}"
)
_PATTERNS = (
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        INVALID_CHOICE,
    ),
    (re.compile(r"the following arguments are required: (?P<arguments>.+)"), REQUIRED),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), UNRECOGNIZED),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), ONE_VALUE),
    (
        re.compile(r"argument (?P<argument>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)"),
        INVALID_VALUE,
    ),
)


def usage_message(text: str) -> Message | str:
    """Return argparse's error ``text`` as a Message, or ``text`` when its wording is unknown.

    Examples
    --------
    >>> usage_message("unrecognized arguments: --bogus").code
    'cli.usage.unrecognized'
    >>> usage_message("something else")
    'something else'
    """
    for pattern, code in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            return make_message(code, **found.groupdict())
    return text


def language_of(argv: Sequence[str]) -> str:
    """Return the language a command line asks for (``--lang X`` or ``--lang=X``).

    Examples
    --------
    >>> language_of(["plan", "--lang", "lo", "--start"])
    'lo'
    """
    for i, word in enumerate(argv):
        value = word.partition("=")[2] if word.startswith("--lang=") else None
        if word == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    found = os.environ.get("TOURLINK_LANG", "en")
    return found if found in LANGUAGES else "en"


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose usage errors follow ``--lang``.

    ``argv`` (set by the caller before parsing, shared with the sub-command parsers)
    is the command line to read the language from; ``None`` reads ``sys.argv``.
    """

    argv: Sequence[str] | None = None

    def error(self, message: str) -> NoReturn:  # noqa: D102 - argparse's hook
        argv = Parser.argv if Parser.argv is not None else sys.argv[1:]
        say = renderer(language_of(argv), None)
        said = usage_message(message)
        error = say(said) if isinstance(said, Message) else said
        self.print_usage(sys.stderr)
        self.exit(2, say(make_message(ERROR, prog=self.prog, error=error)) + "\n")

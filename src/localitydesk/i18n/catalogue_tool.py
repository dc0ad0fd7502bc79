"""Manage the gettext catalogues: extract, compile, check.

    python -m localitydesk.i18n.catalogue_tool extract   # source -> .pot -> merged .po
    python -m localitydesk.i18n.catalogue_tool compile   # .po -> .mo
    python -m localitydesk.i18n.catalogue_tool check     # fail on any gap in Welsh

English is the source language, so only ``cy`` carries translations. The
Welsh header is forced to the six-form CLDR rule: ``pybabel init -l cy``
writes a five-form rule that folds zero into "other".
"""

from __future__ import annotations

import fcntl
import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from localitydesk.paths import resource

DOMAIN = "localitydesk"
WELSH_PLURAL_FORMS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "QT_TRANSLATE_NOOP": ((1, "c"), 2),
}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdif]|%[sdif]|%\d")


def _source_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def _po_path(language: str) -> Path:
    return resource("i18n", language, "LC_MESSAGES", f"{DOMAIN}.po")


def read_catalogue(language: str) -> Catalog:
    with _po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def write_catalogue(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_output=False, omit_header=False)
    tmp.replace(path)


def _with_welsh_plurals(catalogue: Catalog) -> Catalog:
    catalogue._num_plurals = 6  # babel keeps these from the header it read
    catalogue._plural_expr = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)"
    return catalogue


@contextmanager
def catalogue_lock():
    """Serialise read-modify-write of the catalogues between people in one tree."""
    lock_path = resource("i18n") / ".lock"
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _split_context(key: str) -> tuple[str | None, str]:
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\|(.*)$", key, re.S)
    return (match.group(1), match.group(2)) if match else (None, key)


def fill(json_path: str) -> None:
    """Add Welsh translations from a JSON object.

    Keys are msgids, or ``"context|msgid"``; values are a string, or a list
    of six strings for a plural message (zero, one, two, few, many, other).
    A key that is not in the catalogue yet is added, so translations can be
    written together with the code that uses them and survive ``extract``.
    """
    entries = json.loads(Path(json_path).read_text(encoding="utf-8"))
    with catalogue_lock():
        catalogue = read_catalogue("cy")
        for key, value in entries.items():
            # "Context|message" only when the part before the bar is a bare
            # identifier (Qt's contexts are): a message may contain a bar itself.
            context, msgid = _split_context(key)
            if isinstance(value, list):
                existing = catalogue.get(msgid, context=context or None)
                if existing is None or not isinstance(existing.id, tuple):
                    raise SystemExit(f"{key!r}: a plural message must be extracted (make i18n) before it is filled")
                existing.string = tuple(value)
                existing.flags.discard("fuzzy")
                continue
            existing = catalogue.get(msgid, context=context or None)
            if existing is None:
                catalogue.add(msgid, value, context=context or None)
            else:
                existing.string = value
                existing.flags.discard("fuzzy")
        write_catalogue(_with_welsh_plurals(catalogue), _po_path("cy"))
    print(f"filled {len(entries)} Welsh translations")


def extract() -> None:
    with catalogue_lock():
        _extract()


def _extract() -> None:
    template = Catalog(project="LocalityDesk", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(_source_dir()),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(f"localitydesk/{filename}", lineno)], auto_comments=comments, context=context)
    write_catalogue(template, resource("i18n", f"{DOMAIN}.pot"))

    po_path = _po_path("cy")
    if po_path.exists():
        catalogue = read_catalogue("cy")
    else:
        catalogue = Catalog(locale="cy", domain=DOMAIN, project="LocalityDesk", charset="utf-8")
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    write_catalogue(_with_welsh_plurals(catalogue), po_path)
    missing = find_problems(catalogue)
    print(f"extracted {len(template)} messages; {len(missing)} need Welsh")


def compile_all() -> None:
    for po_path in resource("i18n").glob("*/LC_MESSAGES/*.po"):
        language = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        tmp = po_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalogue)
        tmp.replace(po_path.with_suffix(".mo"))


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def find_problems(catalogue: Catalog) -> list[str]:
    """Every reason the Welsh catalogue is not fit to ship, one line each."""
    problems = []
    if catalogue.num_plurals != 6:
        problems.append(f"Plural-Forms has {catalogue.num_plurals} forms; Welsh needs 6 ({WELSH_PLURAL_FORMS})")
    for message in catalogue:
        if not message.id:
            continue
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            label = f"{message.context}|{label}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {label!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {label!r}")
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = _placeholders(sources[-1])
        for translated in strings:
            # A plural form may drop the number ("un gweithiwr") but never invent one.
            found = _placeholders(translated)
            if found != expected and not (isinstance(message.id, tuple) and set(found) <= set(expected)):
                problems.append(f"placeholders differ in {label!r}: {expected} vs {found} in {translated!r}")
    return problems


def check() -> int:
    problems = find_problems(read_catalogue("cy"))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"The Welsh catalogue has {len(problems)} problem(s).", file=sys.stderr)
        return 1
    print("Welsh catalogue complete.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "extract":
        extract()
        return 0
    if command == "fill" and len(args) == 2:
        fill(args[1])
        return 0
    if command == "compile":
        compile_all()
        return 0
    if command == "check":
        return check()
    print(f"unknown command {command!r}: use extract, fill FILE.json, compile or check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

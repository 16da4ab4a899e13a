"""Every user-facing string is translatable, and the catalogues are complete.

Run ``make translations`` to refresh the catalogues after changing strings.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "templates"
LANGUAGES = ["fa", "ru"]
# Visible attribute values must be translated too.
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
TAG = re.compile(r"<[^>]*>", re.S)
LETTERS = re.compile(r"[A-Za-z]{2,}")


BLOCK_TRANSLATIONS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
# Comments, and blocks that hold CSS class names rather than text.
COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*block body_class\s*%\}.*?\{%\s*endblock\s*%\}",
    re.S,
)
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _untranslated(source: str) -> list[str]:
    """Visible text left after removing translated blocks and template code."""
    source = COMMENTS.sub(" ", BLOCK_TRANSLATIONS.sub(" ", source))
    source = TEMPLATE_CODE.sub(" § ", source)
    found = [value for value in VISIBLE_ATTRIBUTES.findall(source) if LETTERS.search(value)]
    visible = html.unescape(TAG.sub(" ", source))
    found += [line.strip() for line in visible.splitlines() if LETTERS.search(line)]
    return found


TEMPLATES = sorted(
    p for p in TEMPLATE_DIR.rglob("*") if p.suffix in {".html", ".txt"} and p.is_file()
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATE_DIR)))
def test_templates_contain_no_untranslated_text(path):
    problems = _untranslated(path.read_text(encoding="utf-8"))
    assert problems == [], f"wrap these in {{% translate %}}: {problems}"


def _fresh_catalogue(tmp_path: Path, language: str) -> polib.POFile:
    """What makemessages finds in the code now, built in a copy of the project."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "test-artifacts",
            "bench-results",
            "staticfiles",
            "node_modules",
            "*.mo",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            language,
            "--no-obsolete",
            "--no-location",
            "-e",
            "html,txt,py",
            "-i",
            "tests/*",
            "-i",
            "bench/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_nothing_is_fuzzy(tmp_path, language):
    if not shutil.which("xgettext"):
        pytest.skip("needs GNU gettext (apt-get install gettext) to extract messages")
    committed = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    fresh = _fresh_catalogue(tmp_path, language)
    known = {_key(e) for e in committed if not e.obsolete}
    missing = [e.msgid for e in fresh if _key(e) not in known]
    assert missing == [], f"run `make translations` and translate: {missing[:20]}"
    fuzzy = [e.msgid for e in committed if "fuzzy" in e.flags and not e.obsolete]
    assert fuzzy == [], f"fuzzy entries: {fuzzy[:20]}"
    empty = [
        e.msgid
        for e in committed
        if not e.obsolete and not (e.msgstr or all(e.msgstr_plural.values()))
    ]
    assert empty == [], f"untranslated entries: {empty[:20]}"


def test_the_template_check_catches_plain_text():
    assert _untranslated("<p>{% translate 'Saved' %}</p>") == []
    assert _untranslated("<p>{% blocktranslate %}Day {{ n }}{% endblocktranslate %}</p>") == []
    assert _untranslated('<button aria-label="Close">×</button>') == ["Close"]
    assert _untranslated("<h1>Welcome back</h1>") == ["Welcome back"]

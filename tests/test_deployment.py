"""The production shape: settings pass Django's deploy checks, compose runs real commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k3y-" + "x7Qp2Lm9Zt4Rv8Nw1Yc6Hb3Jd5Fs0Gk" * 2,
        ALLOWED_HOSTS="support.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_default_secret_key_is_flagged_by_check_deploy():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS="support.example.com"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


def test_compose_runs_the_production_shape_with_commands_that_exist():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    web = " ".join(services["web"]["command"].split())
    assert "python manage.py migrate" in web and "gunicorn config.wsgi" in web
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")

    # Every management command the compose file runs exists in the project.
    from django.core.management import get_commands

    for part in web.split("&&"):
        words = part.replace('sh -c "', "").strip().strip('"').split()
        if words[:2] == ["python", "manage.py"]:
            assert words[2] in get_commands(), words[2]
    # The Celery app the worker and beat name can be imported.
    from config import celery_app

    assert celery_app.main == "first100days"
    assert (ROOT / "Dockerfile").exists()


def _site_url_make_run_uses(tmp_path: Path, **env: str) -> str:
    """What SITE_URL `make run` hands to Django, seen by a stand-in python that stops it."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    seen = tmp_path / "site_url"
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\necho "$SITE_URL" > {seen}\nexit 3\n')
    python.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: nothing to install
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment.update(env)
    subprocess.run(
        ["make", "-s", "run", f"VENV={venv}"],  # noqa: S607 -- make from PATH, as a developer runs it
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=60,
    )
    return seen.read_text().strip()


def test_make_run_points_links_where_it_serves(tmp_path):
    assert _site_url_make_run_uses(tmp_path / "a", PORT="8123") == "http://127.0.0.1:8123"
    assert _site_url_make_run_uses(tmp_path / "b") == "http://127.0.0.1:8000"
    chosen = _site_url_make_run_uses(tmp_path / "c", PORT="8123", SITE_URL="https://f100.example")
    assert chosen == "https://f100.example"


def test_web_and_worker_processes_load_the_pdf_stack_only_for_a_pdf():
    # fpdf2 with Pillow, fontTools and HarfBuzz is ~35 MB per process: a web worker
    # or a Celery process that never draws a PDF must not carry it.
    script = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import config.celery_app, metrics.tasks, metrics.reviews.views;"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'fpdf', 'PIL', 'uharfbuzz', 'fontTools'});"
        "print(','.join(loaded) or 'none');"
        "from metrics.reports import render_pdf; from tests.reports import samples;"
        "print(render_pdf(samples.english())[:5].decode())"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["none", "%PDF-"]

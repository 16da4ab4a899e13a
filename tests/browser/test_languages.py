"""The product in each language, as a reader sees it in Chromium."""

from __future__ import annotations

import pytest

from onboarding.models import User

from .conftest import sign_in


@pytest.mark.parametrize("language", ["fa", "ru", "en"])
def test_today_and_dashboard_in_each_language(page, live_server, demo, screenshot, language):
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")

    for name in ("today", "dashboard"):
        page.goto(f"{live_server.url}/plans/{demo.pk}/{name}/")
        direction = page.evaluate("getComputedStyle(document.documentElement).direction")
        assert page.evaluate("document.documentElement.lang") == language
        brand = page.locator(".brand").bounding_box()
        links = page.locator(".main-nav a")
        first, last = links.first.bounding_box(), links.last.bounding_box()
        width = page.viewport_size["width"]
        if language == "fa":
            assert direction == "rtl"
            # The header reads from the right: the brand, and the navigation
            # starting under it at the right edge.
            assert brand["x"] > width / 2
            assert first["x"] + first["width"] > width / 2
            assert first["x"] > last["x"] or first["y"] < last["y"]
        else:
            assert direction == "ltr"
            assert brand["x"] < width / 2
            assert first["x"] < width / 2
            assert first["x"] < last["x"] or first["y"] < last["y"]
        screenshot(f"{language}-{name}")

    if language == "fa":
        # Jalali date with Persian digits in the Today header.
        page.goto(f"{live_server.url}/plans/{demo.pk}/today/")
        eyebrow = page.locator(".eyebrow time").inner_text()
        assert any("۰" <= ch <= "۹" for ch in eyebrow)
        assert "۱۴۰" in eyebrow  # the Solar Hijri year, 140x
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Vazirmatn" in font

"""``{% nav_current url %}``: marks the main navigation's link to where the reader is.

``aria-current="page"`` on the section's own page, ``aria-current="true"`` on any page
under it (a metric's page is in Metrics, a toolkit tool in Toolkit), so the section stays
highlighted and a screen reader says "current" for it.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, url: str | None) -> str:
    request = context.get("request")
    if not url or request is None:
        return ""
    if request.path == url:
        return format_html(' aria-current="{}"', "page")
    if request.path.startswith(url):
        return format_html(' aria-current="{}"', "true")
    return ""

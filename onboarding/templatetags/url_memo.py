"""Django's ``{% url %}`` tag, answering from :func:`onboarding.core.reversing.cached_reverse`.

Installed as a template builtin (``TEMPLATES["OPTIONS"]["builtins"]`` in the
settings), so it replaces Django's tag everywhere without a ``{% load %}``.
Everything else is Django's: the same syntax, ``as var`` giving "" for a view
that does not reverse, autoescaping.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from ..core.reversing import cached_reverse

register = template.Library()


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = cached_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)

"""Django's ``i18n`` tags, with Persian digits in the numbers a sentence carries, and the
separator between two facts (``{% separator %}``).

Installed under the name ``i18n`` (``TEMPLATES["OPTIONS"]["libraries"]`` in
the settings), so every ``{% load i18n %}`` gets it. On a Persian page,
``{% blocktranslate with day=day %}Day {{ day }} of 100{% endblocktranslate %}``
reads «روز ۱۲ از ۱۰۰»: the digits are Persian in the text itself (copied text,
screen readers), not only through the font. Only numbers change; text such
as a plan's title is the user's and keeps its digits. Everything else about
the tags is Django's.

``{% translate "constant text" %}`` also remembers its answer per language:
Django builds a lazy string, looks it up and escapes it again on every
render, and a page of a hundred rows repeats the same few words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Parser, Token, TokenType, Variable
from django.templatetags import i18n as django_i18n
from django.utils import formats, translation

from ..core.i18n import persian_digits

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class PersianInt(int):
    """An integer (plural rules still work) that prints in Persian digits."""

    def __str__(self) -> str:
        return persian_digits(int.__str__(self))


class PersianNumber(str):
    """A non-integer number, already written in Persian digits."""


def _persian(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return PersianInt(value)
    if isinstance(value, (float, Decimal)):
        return PersianNumber(persian_digits(formats.localize(value)))
    return value


class _PersianNumbers(FilterExpression):
    """The expression it copies; its numbers come back in Persian digits on fa pages."""

    def __init__(self, expression: FilterExpression) -> None:
        # Not parsed again: the same variable and filters as Django's parser made.
        self.token = expression.token
        self.var = expression.var
        self.filters = expression.filters
        self.is_var = expression.is_var

    def resolve(self, context: Any, ignore_failures: bool = False) -> Any:
        value = super().resolve(context, ignore_failures)
        if (translation.get_language() or "")[:2] != "fa":
            return value
        return _persian(value)


class PersianBlockTranslateNode(django_i18n.BlockTranslateNode):
    """Django's node; on Persian pages the numbers it interpolates are in Persian digits."""

    def __init__(self, node: django_i18n.BlockTranslateNode) -> None:
        super().__init__(
            extra_context={
                name: _PersianNumbers(expression) for name, expression in node.extra_context.items()
            },
            singular=node.singular,
            plural=node.plural,
            countervar=node.countervar,
            # The count chooses the plural form (an int still) and is shown in the sentence.
            counter=_PersianNumbers(node.counter) if node.counter is not None else None,
            message_context=node.message_context,
            trimmed=node.trimmed,
            asvar=node.asvar,
            tag_name=node.tag_name,  # type: ignore[attr-defined]  # set by Django, not in the stubs
        )
        # Variables the sentence takes straight from the context ({{ day }} without "with").
        tokens = list(node.singular) + list(node.plural or [])
        self.context_names = {
            token.contents
            for token in tokens
            if token.token_type == TokenType.VAR and token.contents not in node.extra_context
        } - {node.countervar}

    def render(self, context: Any, nested: bool = False) -> str:
        if (translation.get_language() or "")[:2] != "fa" or not self.context_names:
            return super().render(context, nested)
        with context.push(
            {name: _persian(context[name]) for name in self.context_names if name in context}
        ):
            result = super().render(context, nested)
            saved = context.get(self.asvar) if self.asvar else None
        if self.asvar:  # "asvar" was set in the layer just popped
            context[self.asvar] = saved
        return result


@register.tag("blocktranslate")
@register.tag("blocktrans")
def blocktranslate(parser: Parser, token: Token) -> django_i18n.BlockTranslateNode:
    return PersianBlockTranslateNode(django_i18n.do_block_translate(parser, token))


# Moves on when the catalogues can change (tests switching languages or locale paths).
_catalogue_generation = [0]


@receiver(setting_changed)
def _catalogues_changed(setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _catalogue_generation[0] += 1


class RememberedTranslateNode(django_i18n.TranslateNode):
    """Django's node; a constant message is translated once per language and kept on the node."""

    def __init__(self, node: django_i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        var = self.filter_expression.var
        context = self.message_context
        self.constant = (
            isinstance(var, Variable)
            and var.literal is not None
            and not self.filter_expression.filters
            and (context is None or (isinstance(context.var, str) and not context.filters))
        )
        self.remembered: dict[tuple[str | None, bool, int], str] = {}

    def render(self, context: Any) -> str:
        if not self.constant:
            return super().render(context)
        key = (translation.get_language(), bool(context.autoescape), _catalogue_generation[0])
        value = self.remembered.get(key)
        if value is None:
            output = super().render(context)  # Django's answer, and "as" set by it
            self.remembered[key] = context[self.asvar] if self.asvar else output
            return output
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> django_i18n.TranslateNode:
    return RememberedTranslateNode(django_i18n.do_translate(parser, token))


# Between two facts ("Day 50 · 19 Dec"). Beside Persian digits a middle dot reads as a
# Persian zero («۵۰ · ۱۹» looks like «۵۰۰۱۹»): Persian pages take the Persian comma.
SEPARATORS = {"fa": "، "}


@register.simple_tag
def separator() -> str:
    """``Day 50{% separator %}19 Dec``: " · " in English and Russian, "، " in Persian."""
    return SEPARATORS.get((translation.get_language() or "en")[:2], " · ")

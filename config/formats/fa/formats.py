"""Persian: Django's formats, with the Persian decimal and group separators.

Django writes 81.2 with a full stop and groups no digits; Persian writes
«۸۱٫۲» with the momayyez (U+066B) and groups thousands with U+066C. Persian digits are added by
``onboarding.core.i18n.persian_digits`` afterwards.
"""

# Every other format as Django has it (Django ships no type stubs for locale formats).
from django.conf.locale.fa.formats import *  # type: ignore[import-untyped]  # noqa: F403

DECIMAL_SEPARATOR = "\u066b"
THOUSAND_SEPARATOR = "\u066c"
# Django's Persian formats group no digits; amounts read «۱۲٬۰۰۰٫۵۰» (only where grouping is
# asked for, such as the budget's ``number:"2g"``).
NUMBER_GROUPING = 3

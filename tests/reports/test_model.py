"""The report's dataclasses: plain values, no Django."""

from __future__ import annotations

import dataclasses

import pytest

from metrics.reports import KpiTile, PhaseProgress, Report, ReportLabels
from metrics.reports.fonts import LATIN, PERSIAN, families_needed, family_for
from metrics.reports.pdf import clean


def test_direction_follows_the_language_unless_given() -> None:
    assert Report("t", "s", "fa", "d").direction == "rtl"
    assert Report("t", "s", "fa", "d").is_rtl
    assert Report("t", "s", "en", "d").direction == "ltr"
    assert Report("t", "s", "ru", "d").direction == "ltr"
    assert Report("t", "s", "en", "d", direction="rtl").is_rtl


def test_unknown_language_or_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        Report("t", "s", "de", "d")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction"):
        Report("t", "s", "en", "d", direction="ttb")  # type: ignore[arg-type]


def test_lists_become_tuples_and_the_report_is_frozen() -> None:
    report = Report(
        "t",
        "s",
        "en",
        "d",
        phases=[PhaseProgress("p", 10)],
        risks=["a", "b"],
        kpis=[KpiTile("k", "1", trend=[1, 2.5])],
    )
    assert report.risks == ("a", "b")
    assert isinstance(report.phases, tuple)
    assert report.kpis[0].trend == (1.0, 2.5)
    assert hash(report.kpis[0]) == hash(KpiTile("k", "1", trend=(1.0, 2.5)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.title = "other"  # type: ignore[misc]


def test_labels_default_to_english_with_a_count_pattern() -> None:
    assert ReportLabels().more % {"count": 3} == "and 3 more"


def test_clean_keeps_the_zero_width_non_joiner_and_drops_control_characters() -> None:
    assert clean("می\u200cشود\n\tو\x00 بعد") == "می\u200cشود و بعد"
    assert len(clean("x" * 10_000)) == 500


def test_each_string_gets_a_font_that_has_its_letters() -> None:
    assert family_for("صد روز", "en") == (PERSIAN, LATIN)
    assert family_for("Первые", "fa") == (LATIN, PERSIAN)
    assert family_for("Zendesk 4.5", "fa") == (PERSIAN, LATIN)
    assert family_for("Zendesk 4.5", "ru") == (LATIN, PERSIAN)
    assert families_needed(["صد روز", "Zendesk"], "fa") == [PERSIAN]
    assert families_needed(["صد روز با Иван"], "fa") == [PERSIAN, LATIN]
    assert families_needed(["First", "Первые"], "en") == [LATIN]

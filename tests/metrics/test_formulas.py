"""KPI formulas against examples computed by hand."""

import pytest

from metrics import formulas


def test_nps_counts_passives_in_the_total():
    # 3 promoters (9, 10, 9), 2 passives (7, 8), 1 detractor (3): (3 - 1) / 6 = 33.3
    assert formulas.nps([9, 10, 9, 7, 8, 3]) == pytest.approx(33.333, abs=0.001)


def test_nps_edges():
    assert formulas.nps([]) is None
    assert formulas.nps([7, 8, 7, 8]) == 0  # all passives
    assert formulas.nps([10]) == 100  # a single promoter
    assert formulas.nps([0]) == -100


def test_csat_leaves_unrated_answers_out():
    # rated: 5, 4, 3, 2 → 2 of 4 satisfied = 50%; None is unrated
    assert formulas.csat([5, 4, None, 3, 2, None]) == 50
    assert formulas.csat([None, None]) is None
    assert formulas.csat([4]) == 100


def test_ces_share_of_five_to_seven():
    assert formulas.ces([7, 6, 5, 4, 1]) == 60
    assert formulas.ces([]) is None


def test_median_and_ninetieth_percentile_of_hours():
    hours = [1, 2, 3, 4, 10]
    assert formulas.median(hours) == 3
    # rank (5-1)*0.9 = 3.6 → 4 + 0.6 * (10 - 4) = 7.6
    assert formulas.percentile(hours, 90) == pytest.approx(7.6)
    assert formulas.median([5]) == 5
    assert formulas.median([]) is None
    assert formulas.median([1, 2]) == 1.5


def test_sla_cost_and_repeat_rate():
    assert formulas.sla_attainment([True, True, False, True]) == 75
    assert formulas.sla_attainment([]) is None
    assert formulas.cost_per_contact(1000.0, 400) == 2.5
    assert formulas.cost_per_contact(1000.0, 0) is None
    # a: 3 contacts, b: 1, c: 2 → repeaters made 5 of 6 contacts
    assert formulas.repeat_contact_rate(["a", "b", "a", "c", "a", "c"]) == pytest.approx(
        83.333, abs=0.001
    )
    assert formulas.repeat_contact_rate([]) is None

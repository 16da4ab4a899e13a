"""Two answers from the same person at the same moment: one is kept, the other refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from metrics.pulse import services
from metrics.pulse.models import PulseAnswer, PulseResponse
from tests.factories import make_world
from tests.pulse.helpers import ITEMS, open_pulse

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_tabs_answering_at_once_keep_one_answer():
    world = make_world()
    pulse = open_pulse(world.plan)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(enps: int) -> None:
        try:
            barrier.wait()
            services.pulse_answer(
                pulse=pulse,
                user=world.member,
                today=world.plan.local_today(),
                scores={"enps": enps, **dict.fromkeys(ITEMS, 3)},
                comment="",
            )
            outcomes.append("saved")
        except services.AlreadyAnswered:
            outcomes.append("refused")
        except Exception as error:  # what would be a 500
            outcomes.append(f"failed: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in (3, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert PulseAnswer.objects.filter(pulse=pulse).count() == 1
    assert PulseResponse.objects.filter(pulse=pulse).count() == 1

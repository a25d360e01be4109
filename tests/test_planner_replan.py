"""Tests of tourlink.planner.replan: re-planning changes only what the edit asks."""

from __future__ import annotations

import datetime as dt

import pytest

import tourlink
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner import replan
from tourlink.planner.check import check_itinerary
from tourlink.planner.day import is_sight
from tourlink.planner.plan import PlanParams, plan

TUESDAY = dt.date(2026, 12, 8)
FAST = PlanParams(max_iterations=60)


@pytest.fixture(scope="module")
def three(real: Network) -> Itinerary:
    """Return a 3-day round trip from Kon Tum through Măng Đen."""
    req = TripRequest("kon-tum-city-centre", TUESDAY, 3, must_visit=("thac-pa-sy",))
    return plan(req, network=real, params=FAST)


def _days(trip: Itinerary) -> list[list[str]]:
    return [[s.site for s in d.stops] for d in trip.days]


def _lcs(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def test_removing_one_stop_keeps_the_others_in_place(three: Itinerary, real: Network) -> None:
    """Tests that removing a stop keeps at least 80 % of the others on their day, in order."""
    before = _days(three)
    longest = max(before, key=len)
    removed = longest[len(longest) // 2]
    after = replan(three, remove=(removed,), network=real, params=FAST)
    assert removed not in after.visited
    kept = sum(
        _lcs([s for s in old if s != removed], new)
        for old, new in zip(before, _days(after), strict=True)
    )
    others = sum(len(day) for day in before) - 1
    assert kept >= 0.8 * others
    assert check_itinerary(after, network=real) == []


def test_pinning_a_planned_stop_changes_nothing(three: Itinerary, real: Network) -> None:
    """Tests that pinning a stop already in the plan leaves every day as it was."""
    pinned = three.days[1].stops[0].site
    after = replan(three, pin=(pinned,), network=real, params=FAST)
    assert _days(after) == _days(three)
    assert pinned in after.request.must_visit
    assert check_itinerary(after, network=real) == []


def test_locked_day_stays_and_pin_goes_elsewhere(three: Itinerary, real: Network) -> None:
    """Tests that a locked day keeps its visits in order while a new pin is planned."""
    unvisited = next(
        s.id
        for s in sorted(real.sites.values(), key=lambda s: -s.interest)
        if s.zone == "mang-den" and is_sight(real, s) and s.id not in three.visited
    )
    after = replan(three, pin=(unvisited,), locked_days=(0,), network=real, params=FAST)
    assert _days(after)[0] == _days(three)[0]
    assert unvisited in after.visited
    assert check_itinerary(after, network=real) == []


def test_a_pin_that_does_not_fit_beside_a_lock_is_explained(
    three: Itinerary, real: Network
) -> None:
    """Tests that a pin out of reach of the locked nights is explained, the lock kept."""
    after = replan(
        three, pin=("vuon-quoc-gia-chu-mom-ray",), locked_days=(0, 1, 2), network=real, params=FAST
    )
    assert _days(after) == _days(three)
    assert any(w.code == "plan.must-visit-missing" for w in after.warnings)


def test_locked_stop_stays_on_its_day(three: Itinerary, real: Network) -> None:
    """Tests that a locked stop is still visited on the same day after a removal elsewhere."""
    locked = three.days[2].stops[-1].site if three.days[2].stops else three.days[1].stops[-1].site
    day = next(k for k, d in enumerate(_days(three)) if locked in d)
    other = next(s for d in _days(three) for s in d if s != locked)
    after = replan(three, remove=(other,), locked_stops=(locked,), network=real, params=FAST)
    assert locked in _days(after)[day]


def test_bad_edits_are_refused(three: Itinerary, real: Network) -> None:
    """Tests that contradictory or unknown edits raise an error naming the field."""
    site = three.visited[0]
    with pytest.raises(InvalidRequestError, match=r"`pin` and `remove` both name"):
        replan(three, pin=(site,), remove=(site,), network=real)
    with pytest.raises(InvalidRequestError, match=r"`locked_days` must hold day indices"):
        replan(three, locked_days=(7,), network=real)
    with pytest.raises(
        InvalidRequestError, match=r"`locked_stops` names wat-phou, which the previous"
    ):
        replan(three, locked_stops=("wat-phou",), network=real)


def test_replan_is_public() -> None:
    """Tests that replan is exported from tourlink itself."""
    assert tourlink.replan is replan

"""R-ENT-2: the state machine allows exactly the listed moves."""
from __future__ import annotations

import itertools

import pytest

from services.entitlement.domain.errors import IllegalTransition
from services.entitlement.domain.states import State, ensure_allowed

S = State
# Written out again on purpose: changing the table in the code must break this test.
EXPECTED = {
    (S.NONE, S.PENDING),
    (S.PENDING, S.ACTIVE), (S.PENDING, S.SUSPENDED), (S.PENDING, S.EXPIRED), (S.PENDING, S.TERMINATED),
    (S.ACTIVE, S.SUSPENDED), (S.ACTIVE, S.EXPIRED), (S.ACTIVE, S.TERMINATED),
    (S.SUSPENDED, S.ACTIVE), (S.SUSPENDED, S.EXPIRED), (S.SUSPENDED, S.TERMINATED),
    (S.EXPIRED, S.PENDING), (S.EXPIRED, S.ACTIVE), (S.EXPIRED, S.SUSPENDED), (S.EXPIRED, S.PURGED),
    (S.TERMINATED, S.PURGED),
}


@pytest.mark.parametrize("source,target", list(itertools.product(State, State)))
def test_state_machine_allows_only_the_listed_moves_R_ENT_2(source, target):
    if (source, target) in EXPECTED:
        ensure_allowed(source, target)
    else:
        with pytest.raises(IllegalTransition):
            ensure_allowed(source, target)


def test_terminated_never_leads_back_to_service_R_ENT_2():
    for target in (S.PENDING, S.ACTIVE, S.SUSPENDED, S.EXPIRED):
        with pytest.raises(IllegalTransition):
            ensure_allowed(S.TERMINATED, target)


def test_purged_is_final_R_ENT_2():
    for target in State:
        with pytest.raises(IllegalTransition):
            ensure_allowed(S.PURGED, target)

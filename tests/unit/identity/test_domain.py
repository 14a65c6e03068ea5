"""Identity's domain rules on their own: links, restrictions, seats, free mail, cancellation."""
from datetime import date, datetime, timedelta, timezone

import pytest

from platformkit.errors import FailedPrecondition, PermissionDenied
from services.identity.domain.cancellation import CancellationFacts, ensure_cancellable, unmet_conditions
from services.identity.domain.free_mail import is_free_mail
from services.identity.domain.model import (
    ACTIVATION_LINK_TTL, LINK_USED, Account, ActivationLink, EntitlementSeats, Restriction, ensure_may_sign_in,
)
from services.identity.domain.seats import ensure_seat_free, only_trials, seat_limit

NOW = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def _link(**changes) -> ActivationLink:
    values = dict(link_id="l_1", tenant_id="t_1", company_name="Acme", order_id="o-1", created_at=NOW,
                  expires_at=NOW + ACTIVATION_LINK_TTL)
    return ActivationLink(**{**values, **changes})


def _seats(seats, state="active", trial=False, entitlement_id="e-1") -> EntitlementSeats:
    return EntitlementSeats(entitlement_id, "t_1", state, seats, trial, date(2026, 1, 5))


def _account(**changes) -> Account:
    values = dict(account_id="a_1", tenant_id="t_1", email="a@acme.example", password_hash="h", role="main",
                  created_at=NOW)
    return Account(**{**values, **changes})


def test_a_link_is_live_until_it_expires_R_ID_1():
    link = _link()

    assert link.is_live(NOW + ACTIVATION_LINK_TTL - timedelta(seconds=1))
    assert not link.is_live(NOW + ACTIVATION_LINK_TTL)


def test_a_used_link_is_not_usable_even_before_it_expires_R_ID_1():
    with pytest.raises(FailedPrecondition) as refused:
        _link(status=LINK_USED).ensure_usable(NOW)
    assert refused.value.reason == "ACTIVATION_LINK_USED"


def test_seat_limit_is_the_largest_active_entitlements_seats_R_ID_4():
    assert seat_limit([_seats(3), _seats(5, entitlement_id="e-2"), _seats(9, state="suspended")]) == 5
    assert seat_limit([]) == 0


def test_the_last_seat_goes_and_the_next_account_is_refused_R_ID_4():
    ensure_seat_free([_seats(3)], accounts_held=2)
    with pytest.raises(FailedPrecondition) as refused:
        ensure_seat_free([_seats(3)], accounts_held=3)
    assert refused.value.reason == "SEATS_EXHAUSTED"


def test_a_tenant_with_only_trials_holds_trial_accounts_R_ID_8():
    assert only_trials([_seats(3, trial=True)])
    assert not only_trials([_seats(3, trial=True), _seats(3, entitlement_id="e-2")])


def test_free_mail_is_recognised_by_domain_whatever_its_case_R_ID_3():
    assert is_free_mail("Someone@QQ.com")
    assert not is_free_mail("someone@qq.com.acme.example")


def test_a_locked_account_may_not_sign_in_R_ID_5():
    with pytest.raises(PermissionDenied) as refused:
        ensure_may_sign_in(_account(locked_at=NOW), [], NOW)
    assert refused.value.reason == "ACCOUNT_LOCKED"


def test_a_restriction_is_in_force_until_its_end_or_its_lifting_R_ID_6():
    temporary = Restriction("r_1", "t_1", "a_1", "temporary", "violation", NOW, until=NOW + timedelta(days=1))
    lifted = Restriction("r_2", "t_1", "a_1", "permanent", "impersonation", NOW, lifted_at=NOW)

    assert temporary.in_force(NOW) and not temporary.in_force(NOW + timedelta(days=1))
    assert not lifted.in_force(NOW)
    with pytest.raises(PermissionDenied):
        ensure_may_sign_in(_account(), [temporary], NOW)


def test_cancellation_conditions_are_checked_in_the_contracts_order_R_ID_7():
    assert unmet_conditions(CancellationFacts(has_debt=True, service_running=True, data_settled=False)) == [
        "OUTSTANDING_DEBT", "SERVICE_RUNNING", "DATA_NOT_SETTLED"]
    ensure_cancellable(CancellationFacts(has_debt=False, service_running=False, data_settled=True))

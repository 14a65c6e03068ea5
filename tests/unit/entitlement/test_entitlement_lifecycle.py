"""The tenancy aggregate through its life: orders, expiry, purge, trials, holds, notices (no I/O)."""
from __future__ import annotations

import pytest
from entitlement_fakes import TENANT, at, d, grant, moves, of_type, paid

from contracts.events.v1.entitlement import (
    EntitlementStateChanged, ExportWindowOpened, ProviderTerminationNoticed, RenewalReminderDue, TenantPurgeDue,
    TrialEnded,
)
from platformkit.errors import InvalidArgument
from services.entitlement.domain.errors import DeadlinePassed, NothingRunning, OrderRefused
from services.entitlement.domain.records import SUSPEND, TERMINATE, ProviderNotice, ViolationNotice
from services.entitlement.domain.states import State
from services.entitlement.domain.tenancy import Tenancy


def active_tenancy() -> Tenancy:
    """Product crm paid 2026-01-05 for a year (ends 2027-01-04), 5 seats, module mail."""
    tenancy = paid(Tenancy(TENANT), grant())
    tenancy.events.clear()
    return tenancy


def state(tenancy: Tenancy, product: str = "crm") -> State:
    return tenancy.require(product).state


# -- R-ENT-1: activation and extension ---------------------------------------------------------

def test_paid_new_order_activates_the_product_through_pending_R_ENT_1():
    tenancy = paid(Tenancy(TENANT), grant())
    assert state(tenancy) == State.ACTIVE
    assert moves(tenancy) == [("none", "pending", "order_paid"), ("pending", "active", "period_started")]
    assert tenancy.require("crm").seats_on(d("2026-01-05")) == 5


def test_order_starting_later_stays_pending_until_its_first_day_R_ENT_2():
    tenancy = paid(Tenancy(TENANT), grant(start="2026-01-10", end="2027-01-09", recorded=at("2026-01-05")))
    assert state(tenancy) == State.PENDING
    tenancy.advance(at("2026-01-09"))
    assert state(tenancy) == State.PENDING
    tenancy.advance(at("2026-01-10"))
    assert state(tenancy) == State.ACTIVE


def test_the_same_order_applied_twice_changes_nothing_R_ENT_1():
    tenancy = active_tenancy()
    paid(tenancy, grant(recorded=at("2026-02-01")))
    assert tenancy.events == []
    assert len(tenancy.require("crm").grants) == 1


def test_contiguous_renewal_extends_the_period_and_announces_its_seats_R_ENT_1():
    tenancy = active_tenancy()
    paid(tenancy, grant("o-2", "renewal", "2027-01-05", "2028-01-04", seats=8, recorded=at("2026-12-01")))
    entitlement = tenancy.require("crm")
    assert entitlement.coverage_end() == d("2028-01-04")
    assert moves(tenancy) == [("active", "active", "renewal")]
    tenancy.events.clear()
    tenancy.advance(at("2027-01-05"))
    assert state(tenancy) == State.ACTIVE
    started = of_type(tenancy, EntitlementStateChanged)
    assert [(e.reason, e.seats, e.on) for e in started] == [("period_started", 8, d("2027-01-05"))]


@pytest.mark.parametrize("start,end", [("2027-01-06", "2028-01-05"), ("2027-01-04", "2028-01-03")])
def test_renewal_that_leaves_a_gap_or_overlaps_is_refused_R_ENT_1(start, end):
    tenancy = active_tenancy()
    with pytest.raises(OrderRefused) as refused:
        paid(tenancy, grant("o-2", "renewal", start, end, recorded=at("2026-12-01")))
    assert refused.value.reason == "RENEWAL_NOT_CONTIGUOUS"
    assert [g.order_id for g in tenancy.require("crm").grants] == ["o-1"]


def test_add_on_raises_seats_and_modules_inside_the_running_period_R_ENT_1():
    """Billing's add-on OrderPaid carries the period's new totals (5 seats + 3 bought = 8)."""
    tenancy = active_tenancy()
    paid(tenancy, grant("o-2", "add_on", None, None, seats=8, modules=("mail", "ai"), recorded=at("2026-03-01")))
    entitlement = tenancy.require("crm")
    assert entitlement.seats_on(d("2026-03-01")) == 8
    assert entitlement.seats_on(d("2026-02-28")) == 5
    assert entitlement.modules_on(d("2026-03-01")) == {"mail", "ai"}
    [announced] = of_type(tenancy, EntitlementStateChanged)
    assert (announced.from_state, announced.to_state, announced.reason, announced.seats) == \
        ("active", "active", "add_on", 8)


def test_add_on_without_a_running_period_is_refused_R_ENT_1():
    tenancy = paid(Tenancy(TENANT), grant(start="2026-02-01", end="2027-01-31", recorded=at("2026-01-05")))
    with pytest.raises(OrderRefused) as refused:
        paid(tenancy, grant("o-2", "add_on", None, None, seats=3, recorded=at("2026-01-06")))
    assert refused.value.reason == "NO_RUNNING_PERIOD"


def test_reorder_while_the_service_runs_is_refused_R_ENT_1():
    tenancy = active_tenancy()
    with pytest.raises(OrderRefused):
        paid(tenancy, grant("o-2", "reorder", "2026-06-01", "2027-05-31", recorded=at("2026-06-01")))


# -- R-ENT-4, R-ENT-5: expiry, export window, purge ---------------------------------------------

def test_period_end_without_renewal_stops_service_and_opens_30_day_export_window_R_ENT_4():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-01-04"))
    assert state(tenancy) == State.ACTIVE
    tenancy.advance(at("2027-01-05"))
    assert state(tenancy) == State.EXPIRED
    [window] = of_type(tenancy, ExportWindowOpened)
    assert (window.opens_on, window.closes_on) == (d("2027-01-05"), d("2027-02-03"))


def test_six_months_after_expiry_without_reorder_the_tenant_is_purged_R_ENT_5():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-07-04"))
    assert state(tenancy) == State.EXPIRED
    tenancy.advance(at("2027-07-05"))
    assert state(tenancy) == State.PURGED
    [due] = of_type(tenancy, TenantPurgeDue)
    assert (due.expired_on, due.purge_on) == (d("2027-01-05"), d("2027-07-05"))


def test_reorder_before_the_purge_reactivates_and_cancels_it_R_ENT_5():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-03-01"))
    paid(tenancy, grant("o-2", "reorder", "2027-03-01", "2028-02-29", recorded=at("2027-03-01")))
    assert state(tenancy) == State.ACTIVE
    tenancy.advance(at("2027-07-05"))
    assert state(tenancy) == State.ACTIVE
    assert of_type(tenancy, TenantPurgeDue) == []


def test_reorder_may_not_reach_back_before_the_service_stopped_R_ENT_5():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-03-01"))
    with pytest.raises(OrderRefused) as refused:
        paid(tenancy, grant("o-2", "reorder", "2026-12-01", "2027-11-30", recorded=at("2027-03-01")))
    assert refused.value.reason == "PERIOD_OVERLAPS"


def test_late_paid_renewal_restarts_an_expired_service_R_ENT_1():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-01-10"))
    paid(tenancy, grant("o-2", "renewal", "2027-01-05", "2028-01-04", recorded=at("2027-01-10")))
    assert state(tenancy) == State.ACTIVE
    assert tenancy.require("crm").coverage_end() == d("2028-01-04")


def test_tenant_is_not_purged_while_another_product_runs_R_ENT_5():
    tenancy = active_tenancy()
    paid(tenancy, grant("o-2", start="2026-06-01", end="2028-05-31", recorded=at("2026-06-01")), product="mail")
    tenancy.advance(at("2027-12-01"))
    assert state(tenancy, "crm") == State.EXPIRED
    assert of_type(tenancy, TenantPurgeDue) == []
    tenancy.advance(at("2028-12-01"))
    assert {e.state for e in tenancy.entitlements} == {State.PURGED}
    [due] = of_type(tenancy, TenantPurgeDue)
    assert due.expired_on == d("2028-06-01")


# -- R-ENT-6: trials -----------------------------------------------------------------------------

def test_trial_is_reclaimed_at_its_end_without_export_window_R_ENT_6():
    tenancy = paid(Tenancy(TENANT), grant(start="2026-01-05", end="2026-01-19", trial=True))
    tenancy.events.clear()
    tenancy.advance(at("2026-01-20"))
    assert state(tenancy) == State.EXPIRED
    [ended] = of_type(tenancy, TrialEnded)
    assert ended.ended_on == d("2026-01-19")
    assert moves(tenancy) == [("active", "expired", "trial_ended")]
    assert of_type(tenancy, ExportWindowOpened) == [] and of_type(tenancy, RenewalReminderDue) == []


def test_trial_followed_by_a_paid_period_is_not_reclaimed_R_ENT_6():
    tenancy = paid(Tenancy(TENANT), grant(start="2026-01-05", end="2026-01-19", trial=True))
    paid(tenancy, grant("o-2", "renewal", "2026-01-20", "2027-01-19", recorded=at("2026-01-15")))
    tenancy.advance(at("2026-01-20"))
    assert state(tenancy) == State.ACTIVE
    assert of_type(tenancy, TrialEnded) == []
    assert tenancy.require("crm").is_trial() is False


# -- R-ENT-7: provider notices -------------------------------------------------------------------

def notice(action: str, effective_on: str, noticed: str = "2026-01-05") -> ProviderNotice:
    return ProviderNotice(f"n-{action}", action, "product retired", d(noticed), d(effective_on), at(noticed))


def test_provider_notice_shorter_than_30_days_is_refused_R_ENT_7():
    tenancy = active_tenancy()
    with pytest.raises(InvalidArgument) as refused:
        tenancy.notice_provider("crm", notice(TERMINATE, "2026-02-03"), at("2026-01-05"))
    assert [v.field for v in refused.value.violations] == ["effective_on"]
    assert tenancy.require("crm").notices == [] and tenancy.events == []


def test_provider_termination_takes_effect_on_its_date_and_not_before_R_ENT_7():
    tenancy = active_tenancy()
    tenancy.notice_provider("crm", notice(TERMINATE, "2026-02-04"), at("2026-01-05"))
    [noticed] = of_type(tenancy, ProviderTerminationNoticed)
    assert (noticed.action, noticed.effective_on) == ("terminate", d("2026-02-04"))
    tenancy.advance(at("2026-02-03"))
    assert state(tenancy) == State.ACTIVE
    tenancy.advance(at("2026-02-04"))
    assert state(tenancy) == State.EXPIRED
    assert moves(tenancy)[-1] == ("active", "expired", "provider_terminated")
    assert of_type(tenancy, ExportWindowOpened)[0].opens_on == d("2026-02-04")


def test_provider_suspension_applies_when_due_and_resume_lifts_it_R_ENT_7():
    tenancy = active_tenancy()
    tenancy.notice_provider("crm", notice(SUSPEND, "2026-02-04"), at("2026-01-05"))
    tenancy.advance(at("2026-02-04"))
    assert state(tenancy) == State.SUSPENDED
    tenancy.resume_product("crm", at("2026-02-10"))
    assert state(tenancy) == State.ACTIVE


def test_resume_withdraws_a_notice_not_yet_in_effect_R_ENT_7():
    tenancy = active_tenancy()
    tenancy.notice_provider("crm", notice(TERMINATE, "2026-03-01"), at("2026-01-05"))
    tenancy.resume_product("crm", at("2026-02-01"))
    tenancy.advance(at("2026-03-02"))
    assert state(tenancy) == State.ACTIVE
    assert tenancy.require("crm").notices[0].status == "withdrawn"


def test_provider_notice_needs_a_service_in_force_R_ENT_7():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-02-01"))
    with pytest.raises(NothingRunning):
        tenancy.notice_provider("crm", notice(TERMINATE, "2027-03-10", noticed="2027-02-01"), at("2027-02-01"))


# -- R-ENT-9: renewal reminders ------------------------------------------------------------------

def test_renewal_reminder_is_due_5_working_days_before_the_end_once_per_period_R_ENT_9():
    tenancy = active_tenancy()  # ends Monday 2027-01-04
    tenancy.advance(at("2026-12-27"))
    assert of_type(tenancy, RenewalReminderDue) == []
    tenancy.advance(at("2026-12-28"))
    [reminder] = of_type(tenancy, RenewalReminderDue)
    assert reminder.period_end == d("2027-01-04")
    tenancy.advance(at("2026-12-29"))
    assert len(of_type(tenancy, RenewalReminderDue)) == 1


def test_a_renewed_period_gets_its_own_reminder_R_ENT_9():
    tenancy = active_tenancy()
    tenancy.advance(at("2026-12-28"))
    paid(tenancy, grant("o-2", "renewal", "2027-01-05", "2028-01-04", recorded=at("2026-12-29")))
    tenancy.advance(at("2027-12-31"))
    assert [r.period_end for r in of_type(tenancy, RenewalReminderDue)] == [d("2027-01-04"), d("2028-01-04")]


# -- R-ENT-10: violation notices -----------------------------------------------------------------

def violation(correct_by: str = "2026-01-20") -> ViolationNotice:
    return ViolationNotice("v-1", "spam complaints", at("2026-01-05"), d(correct_by))


def test_uncorrected_violation_terminates_the_service_for_good_R_ENT_10():
    tenancy = active_tenancy()
    tenancy.issue_violation(violation(), at("2026-01-05"))
    tenancy.advance(at("2026-01-20"))
    assert state(tenancy) == State.ACTIVE
    tenancy.advance(at("2026-01-21"))
    assert state(tenancy) == State.TERMINATED
    assert moves(tenancy)[-1] == ("active", "terminated", "violation_uncorrected")
    with pytest.raises(OrderRefused):
        paid(tenancy, grant("o-2", "renewal", "2027-01-05", "2028-01-04", recorded=at("2026-02-01")))
    tenancy.debt_settled(at("2026-02-02"))
    assert state(tenancy) == State.TERMINATED


def test_violation_resolved_before_its_deadline_is_cancelled_R_ENT_10():
    tenancy = active_tenancy()
    tenancy.issue_violation(violation(), at("2026-01-05"))
    tenancy.resolve_violation("v-1", at("2026-01-20"))
    tenancy.advance(at("2026-02-01"))
    assert state(tenancy) == State.ACTIVE


def test_violation_cannot_be_resolved_after_its_deadline_R_ENT_10():
    tenancy = active_tenancy()
    tenancy.issue_violation(violation(), at("2026-01-05"))
    with pytest.raises(DeadlinePassed):
        tenancy.resolve_violation("v-1", at("2026-01-21"))


def test_violation_deadline_must_lie_in_the_future_R_ENT_10():
    tenancy = active_tenancy()
    with pytest.raises(InvalidArgument):
        tenancy.issue_violation(violation("2026-01-05"), at("2026-01-05"))


# -- R-BIL-7: debt holds ---------------------------------------------------------------------------

def test_overdue_debt_suspends_and_settlement_resumes_the_service_R_BIL_7():
    tenancy = active_tenancy()
    tenancy.debt_overdue(at("2026-03-01"))
    assert state(tenancy) == State.SUSPENDED
    tenancy.debt_settled(at("2026-03-05"))
    assert state(tenancy) == State.ACTIVE
    assert moves(tenancy) == [("active", "suspended", "debt_overdue"), ("suspended", "active", "debt_settled")]


def test_settling_a_debt_does_not_lift_a_provider_suspension_R_BIL_7():
    tenancy = active_tenancy()
    tenancy.notice_provider("crm", notice(SUSPEND, "2026-02-04"), at("2026-01-05"))
    tenancy.debt_overdue(at("2026-02-01"))
    tenancy.advance(at("2026-02-04"))
    tenancy.debt_settled(at("2026-02-05"))
    assert state(tenancy) == State.SUSPENDED


def test_period_starting_during_a_debt_starts_suspended_R_BIL_7():
    tenancy = Tenancy(TENANT)
    tenancy.debt_overdue(at("2026-01-05"))
    paid(tenancy, grant(start="2026-01-10", end="2027-01-09", recorded=at("2026-01-05")))
    tenancy.advance(at("2026-01-10"))
    assert state(tenancy) == State.SUSPENDED


# -- R-ENT-2: every transition is an event; order survives a late sweep ---------------------------

def test_every_transition_is_published_as_state_changed_R_ENT_2():
    tenancy = paid(Tenancy(TENANT), grant())
    tenancy.debt_overdue(at("2026-03-01"))
    tenancy.debt_settled(at("2026-03-02"))
    tenancy.advance(at("2027-08-01"))
    history = [(t.from_state.value, t.to_state.value, t.reason) for t in tenancy.require("crm").history]
    published = [m for m in moves(tenancy) if m[0] != m[1]]
    assert history == published
    assert [h[1] for h in history] == ["pending", "active", "suspended", "active", "expired", "purged"]


def test_a_late_sweep_applies_changes_in_date_order_R_ENT_2():
    tenancy = paid(Tenancy(TENANT), grant(end="2026-01-31"))
    tenancy.issue_violation(violation("2026-01-20"), at("2026-01-05"))
    tenancy.advance(at("2026-03-01"))
    last = tenancy.require("crm").history[-1]
    assert (last.to_state, last.at) == (State.TERMINATED, at("2026-01-21", hour=0))

"""R-ENT-3: Check answers from the periods and the state history, for any moment."""
from __future__ import annotations

from entitlement_fakes import TENANT, at, grant, paid

from services.entitlement.domain.access import Decision, check
from services.entitlement.domain.records import ViolationNotice
from services.entitlement.domain.states import State
from services.entitlement.domain.tenancy import Tenancy


def active_tenancy() -> Tenancy:
    """crm paid 2026-01-05 for a year (ends 2027-01-04), module mail."""
    return paid(Tenancy(TENANT), grant())


def test_plan_modules_core_and_export_are_allowed_while_active_R_ENT_3():
    tenancy = active_tenancy()
    for feature in ("mail", "core", "export"):
        assert check(tenancy, feature, at("2026-02-01")) == Decision(True, "entitled", "active")


def test_a_module_outside_the_plan_is_denied_with_the_reason_R_ENT_3():
    assert check(active_tenancy(), "ai", at("2026-02-01")) == Decision(False, "feature_not_in_plan", "active")


def test_a_tenant_without_entitlement_is_denied_R_ENT_3():
    assert check(Tenancy(TENANT), "core", at("2026-02-01")) == Decision(False, "no_entitlement", "none")


def test_a_past_moment_is_answered_from_the_state_history_R_ENT_3():
    tenancy = active_tenancy()
    tenancy.debt_overdue(at("2026-02-01"))
    tenancy.debt_settled(at("2026-02-10"))
    assert check(tenancy, "core", at("2026-01-05", hour=8)) == Decision(False, "no_entitlement", "none")
    assert check(tenancy, "core", at("2026-01-20")).allowed
    assert check(tenancy, "core", at("2026-02-05")) == Decision(False, "suspended", "suspended")
    assert check(tenancy, "core", at("2026-02-12")).allowed


def test_a_future_moment_is_answered_from_the_stored_periods_R_ENT_3():
    tenancy = active_tenancy()
    assert check(tenancy, "mail", at("2026-12-31")).allowed
    assert check(tenancy, "mail", at("2027-01-05")) == Decision(False, "expired", "expired")
    assert check(tenancy, "core", at("2027-07-05")) == Decision(False, "purged", "purged")
    assert tenancy.require("crm").state == State.ACTIVE  # asking never changes the tenancy


def test_a_future_moment_accounts_for_a_pending_violation_deadline_R_ENT_3():
    tenancy = active_tenancy()
    tenancy.issue_violation(ViolationNotice("v-1", "spam", at("2026-01-05"), at("2026-01-20").date()), at("2026-01-05"))
    assert check(tenancy, "core", at("2026-01-20")).allowed
    assert check(tenancy, "core", at("2026-01-21")) == Decision(False, "terminated", "terminated")


def test_the_answer_does_not_wait_for_the_sweep_R_ENT_3():
    tenancy = active_tenancy()  # never advanced past 2026-01-05: the sweep has not run
    assert check(tenancy, "core", at("2027-01-06")) == Decision(False, "expired", "expired")


def test_export_is_allowed_during_the_30_day_window_and_not_after_R_ENT_4():
    tenancy = active_tenancy()
    assert check(tenancy, "export", at("2027-02-03")) == Decision(True, "export_window_open", "expired")
    assert check(tenancy, "export", at("2027-02-04")) == Decision(False, "export_window_closed", "expired")


def test_a_trial_has_no_export_window_R_ENT_6():
    tenancy = paid(Tenancy(TENANT), grant(end="2026-01-19", trial=True))
    assert check(tenancy, "export", at("2026-01-20")) == Decision(False, "export_window_closed", "expired")


def test_an_add_on_module_is_allowed_only_from_the_day_it_was_bought_R_ENT_3():
    tenancy = active_tenancy()
    paid(tenancy, grant("o-2", "add_on", None, None, seats=0, modules=("ai",), recorded=at("2026-03-01")))
    assert not check(tenancy, "ai", at("2026-02-28")).allowed
    assert check(tenancy, "ai", at("2026-03-01", hour=10)).allowed


def test_a_renewal_bought_later_does_not_rewrite_the_past_R_ENT_3():
    tenancy = active_tenancy()
    tenancy.advance(at("2027-01-10"))
    paid(tenancy, grant("o-2", "renewal", "2027-01-05", "2028-01-04", recorded=at("2027-01-10")))
    assert check(tenancy, "core", at("2027-01-07")) == Decision(False, "expired", "expired")
    assert check(tenancy, "core", at("2027-01-11")).allowed


def test_any_product_allowing_the_feature_allows_it_R_ENT_3():
    tenancy = active_tenancy()
    paid(tenancy, grant("o-2", start="2026-01-05", end="2026-06-30", modules=("ai",)), product="ai")
    assert check(tenancy, "ai", at("2026-03-01")) == Decision(True, "entitled", "active")
    assert check(tenancy, "ai", at("2026-07-01")) == Decision(False, "feature_not_in_plan", "active")

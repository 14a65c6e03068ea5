"""Pay-as-you-go handlers: top-ups, usage (R-BIL-6) and the account standing with damages (R-BIL-7)."""
from __future__ import annotations

from datetime import datetime

from contracts.events.v1 import billing as events
from platformkit.directory import CellGuard
from platformkit.errors import FailedPrecondition
from services.billing.domain import account as acct
from services.billing.domain import commands as cmds
from services.billing.domain import usage
from services.billing.domain.account import LedgerEntry, Standing
from services.billing.handlers.common import claim, new_id, open_account, usage_price_on


def top_up(cmd: cmds.TopUp, uow, guard: CellGuard) -> Standing:
    entry = guard.ensure_local(cmd.tenant_id)  # R-RES-2
    scope = f"TopUp:{cmd.tenant_id}"
    with uow:
        today, now = uow.clock.today(), uow.clock.now()
        if claim(uow, scope, cmd):
            return acct.standing(uow.accounts.get(cmd.tenant_id), today)
        before = open_account(uow, cmd.tenant_id, entry.jurisdiction, cmd.amount.currency, "amount.currency")
        after = acct.credit(before, cmd.amount, today)  # R-BIL-6, R-BIL-7: damages first
        uow.accounts.update(after)
        entry_id = new_id()
        uow.ledger.add(LedgerEntry(entry_id, cmd.tenant_id, "top_up", cmd.amount, "top_up", now))
        if acct.debt_settled(before, after):
            uow.publish(events.DebtSettled(tenant_id=cmd.tenant_id))  # R-BIL-7: entitlement resumes the service
        uow.idempotency.settle(scope, cmd.idempotency_key, entry_id)
        uow.commit()
    return acct.standing(after, today)


def record_usage(cmd: cmds.RecordUsage, uow, guard: CellGuard) -> usage.UsageCycle:
    guard.ensure_local(cmd.tenant_id)  # R-RES-2
    scope = f"RecordUsage:{cmd.tenant_id}"
    with uow:
        done = claim(uow, scope, cmd)
        if done:
            return uow.usage.get(cmd.tenant_id, cmd.meter, cmd.cycle, datetime.fromisoformat(done))
        account = uow.accounts.get(cmd.tenant_id, lock=True)
        if account is None:
            raise FailedPrecondition("the tenant has no pay-as-you-go balance yet: top up first",
                                     reason="NO_BALANCE")
        now = uow.clock.now()
        at = cmd.at or now
        start, end = usage.bounds(cmd.cycle, at)
        existing = uow.usage.get(cmd.tenant_id, cmd.meter, cmd.cycle, start, lock=True)
        usage.check_recordable(at, now, existing)
        usage_price_on(uow, cmd.meter, account.currency, start.date())
        cycle = usage.recorded(existing, usage.UsageCycle(cmd.tenant_id, cmd.meter, cmd.cycle, start, end,
                                                          cmd.quantity))
        uow.usage.save(cycle)
        uow.idempotency.settle(scope, cmd.idempotency_key, start.isoformat())
        uow.commit()
    return cycle


def get_account_standing(tenant_id: str, uow, guard: CellGuard) -> Standing:
    guard.ensure_local(tenant_id)  # R-RES-2
    with uow:
        return acct.standing(uow.accounts.get(tenant_id), uow.clock.today())  # R-BIL-7: damages as of today

"""Identity's repositories and handlers on the real PostgreSQL: cascades, digests, replays, retries."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from contracts.events.v1.billing import OrderPaid
from platformkit.directory import CellGuard
from platformkit.testing import table_counts
from services.identity.adapters import tables
from services.identity.domain import commands
from services.identity.domain.model import (
    LINK_USED, Account, EntitlementSeats, LoginRecord, ReplacementRequest, Restriction, Session, Tenant,
)
from services.identity.domain.tokens import digest
from services.identity.handlers import activation, tenants

pytestmark = pytest.mark.integration
NOW = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def _tenant(uow, tenant_id="t_1"):
    uow.tenants.add(Tenant(tenant_id, "intl", "Acme Trading Ltd", "self_service", None, NOW))


def _account(uow, account_id, role="main", tenant_id="t_1"):
    account = Account(account_id, tenant_id, f"{account_id}@acme.example", "$argon2id$...", role, NOW)
    uow.accounts.add(account)
    return account


def test_deleting_a_tenants_accounts_deletes_everything_they_own_R_ID_7(uow, engine):
    with uow:
        _tenant(uow)
        main, sub = _account(uow, "a_main"), _account(uow, "a_sub", "sub")
        uow.sessions.add(Session("s_1", sub.account_id, "t_1", NOW, NOW + timedelta(hours=1)), "h" * 64)
        uow.logins.add(LoginRecord(sub.account_id, "t_1", NOW, "203.0.113.7", "Firefox", "success"))
        uow.restrictions.add(Restriction("r_1", "t_1", sub.account_id, "permanent", "impersonation", NOW))
        uow.third_party.add("wechat", "d" * 64, main, NOW)
        uow.replacements.add(ReplacementRequest("rr_1", "t_1", main.account_id, sub.account_id, NOW))
        uow.commit()

    with uow:
        assert uow.accounts.delete_tenant("t_1") == 2
        uow.commit()

    counts = table_counts(engine)
    assert [name for name in ("accounts", "sessions", "login_records", "restrictions", "third_party_logins",
                              "replacement_requests") if counts[name]] == []
    assert counts["tenants"] == 1


def test_a_tenant_has_at_most_one_main_account_in_the_database_R_ID_3(uow):
    with uow:
        _tenant(uow)
        _account(uow, "a_1")
        with pytest.raises(IntegrityError):
            _account(uow, "a_2")


def test_a_link_keeps_the_token_digest_and_its_notification_the_plaintext_until_used_R_ID_1(uow, engine):
    with uow:
        _tenant(uow)
        link, token = activation.mint_link(uow, uow.tenants.get("t_1"), "o-1", NOW)
        uow.commit()

    with uow:
        assert uow.links.by_token_hash(digest(token)) == link
        assert uow.links.pending_token("t_1", NOW) == (link, token)
        uow.links.retire(link.link_id, LINK_USED, NOW)
        uow.commit()

    with engine.connect() as conn:
        stored = conn.execute(sa.select(tables.activation_links.c.token_hash, tables.activation_links.c.status)).one()
        assert tuple(stored) == (digest(token), LINK_USED)
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.notifications)).scalar_one() == 0


def test_expired_links_lose_their_plaintext_token_R_ID_1(uow):
    with uow:
        _tenant(uow)
        activation.mint_link(uow, uow.tenants.get("t_1"), "o-1", NOW)
        uow.commit()

    with uow:
        assert uow.links.expire_due(NOW + timedelta(days=14)) == 1
        assert uow.links.pending_token("t_1", NOW) is None
        uow.commit()


def test_an_older_entitlement_change_arriving_late_is_ignored_R_ID_4(uow):
    newer = EntitlementSeats("e-1", "t_1", "expired", 5, False, date(2027, 1, 5))
    older = EntitlementSeats("e-1", "t_1", "active", 5, False, date(2026, 1, 5))
    with uow:
        uow.entitlements.apply(newer)
        uow.entitlements.apply(older)
        uow.commit()

    with uow:
        assert uow.entitlements.of_tenant("t_1") == [newer]


def test_a_redelivered_order_paid_mints_one_link_R_ID_1(uow, engine, clock):
    with uow:
        _tenant(uow)
        uow.commit()
    event = OrderPaid(tenant_id="t_1", order_id="o-1", kind="new", product="crm", plan="pro", seats=3, modules=(),
                      trial=False, paid_at=clock.now())

    activation.on_order_paid(event, "evt-1", uow)
    before = table_counts(engine)
    assert activation.on_order_paid(event, "evt-1", uow) is None

    assert table_counts(engine) == before
    assert before["activation_links"] == 1


def test_a_retried_create_tenant_writes_one_tenant_and_one_event_R_RES_1(uow, engine, directory):
    cmd = commands.CreateTenant(jurisdiction="intl", company_name="Acme Trading Ltd", channel="self_service",
                                distributor_id=None, idempotency_key="k-1")

    first = tenants.create_tenant(cmd, uow, directory, "sg")
    before = table_counts(engine)
    again = tenants.create_tenant(cmd, uow, directory, "sg")

    assert again == first
    assert table_counts(engine) == before
    assert before["outbox"] == 1
    assert CellGuard(directory, "sg").ensure_local(first.tenant_id).jurisdiction == "intl"

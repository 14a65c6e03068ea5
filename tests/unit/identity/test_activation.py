"""Activation links (R-ID-1) and what registration through them shows and flags (R-ID-2)."""
import pytest

from platformkit.errors import FailedPrecondition, NotFound
from services.identity.domain import commands
from services.identity.domain.tokens import digest
from services.identity.handlers import activation, maintenance

from .world import COMPANY, key


def _token_hashes(world):
    return {token_hash for _link, token_hash in world.state.links.values()}


def test_the_first_paid_order_mints_a_link_bound_to_the_company_name_R_ID_1(world):
    tenant = world.create_tenant()

    link = world.pay_order(tenant.tenant_id)

    assert link.company_name == COMPANY
    assert link.expires_at == world.clock.now() + activation.ACTIVATION_LINK_TTL
    token = world.link_token(tenant.tenant_id)
    assert activation.open_activation_link(token, world.uow, world.cell_guard).company_name == COMPANY


def test_only_a_digest_of_the_link_token_is_kept_with_the_link_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)

    token = world.link_token(tenant.tenant_id)

    assert _token_hashes(world) == {digest(token)}
    assert token not in repr(world.state.links)


def test_a_redelivered_order_paid_mints_nothing_new_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id, event_id="evt-1")
    before = world.state.sizes()

    assert world.pay_order(tenant.tenant_id, event_id="evt-1") is None

    assert world.state.sizes() == before


def test_a_second_paid_order_while_a_link_is_live_mints_no_second_link_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)

    assert world.pay_order(tenant.tenant_id, order_id="o-2") is None
    assert len(world.state.links) == 1


def test_no_link_is_minted_once_the_main_account_exists_R_ID_1(world):
    tenant_id, _main = world.onboard()

    assert world.pay_order(tenant_id, order_id="o-renewal") is None


def test_a_link_is_single_use_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    token = world.link_token(tenant.tenant_id)
    world.register(token)

    with pytest.raises(FailedPrecondition) as refused:
        world.register(token, "someone-else@acme-trading.example")
    assert refused.value.reason == "ACTIVATION_LINK_USED"


def test_a_link_expires_after_14_days_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    token = world.link_token(tenant.tenant_id)

    world.clock.advance(days=14)

    with pytest.raises(FailedPrecondition) as refused:
        world.register(token)
    assert refused.value.reason == "ACTIVATION_LINK_EXPIRED"
    assert world.state.accounts == {}


def test_the_sweep_expires_links_and_deletes_their_plaintext_token_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    world.clock.advance(days=15)

    summary = maintenance.sweep(world.uow)

    assert "activation links expired: 1" in summary
    assert world.state.notifications == {}
    with pytest.raises(NotFound):
        world.link_token(tenant.tenant_id)


def test_an_expired_link_is_replaced_by_the_next_paid_order_R_ID_1(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    world.clock.advance(days=15)

    assert world.pay_order(tenant.tenant_id, order_id="o-2") is not None


def test_an_unknown_link_is_not_found(world):
    with pytest.raises(NotFound):
        activation.open_activation_link("no-such-token", world.uow, world.cell_guard)


def test_a_registrant_denying_the_company_name_stops_registration_and_flags_the_case_R_ID_2(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    token = world.link_token(tenant.tenant_id)

    result = world.register(token, confirmed=False)

    assert result.outcome == "flagged"
    assert world.state.accounts == {}
    (flag,) = activation.open_flags("", world.uow, world.cell_guard)
    assert (flag.flag_id, flag.tenant_id, flag.company_name_shown) == (result.flag_id, tenant.tenant_id, COMPANY)
    with pytest.raises(FailedPrecondition) as refused:
        world.register(token)
    assert refused.value.reason == "ACTIVATION_LINK_FLAGGED"


def test_no_new_link_is_minted_while_the_company_name_is_disputed_R_ID_2(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    world.register(world.link_token(tenant.tenant_id), confirmed=False)

    assert world.pay_order(tenant.tenant_id, order_id="o-2") is None


def test_resolving_a_flag_renames_the_tenant_and_issues_a_new_link_R_ID_2(world):
    tenant = world.create_tenant(company_name="Acme Tradng Ltd")
    world.pay_order(tenant.tenant_id)
    flagged = world.register(world.link_token(tenant.tenant_id), confirmed=False)
    cmd = commands.ResolveFlaggedRegistration(tenant_id=tenant.tenant_id, flag_id=flagged.flag_id,
                                              company_name=COMPANY, idempotency_key=key())

    link, token = activation.resolve_flag(cmd, world.uow, world.cell_guard)

    assert link.company_name == COMPANY
    assert activation.open_flags(tenant.tenant_id, world.uow, world.cell_guard) == []
    assert world.register(token).outcome == "registered"


def test_a_retried_resolution_returns_the_same_link(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    flagged = world.register(world.link_token(tenant.tenant_id), confirmed=False)
    cmd = commands.ResolveFlaggedRegistration(tenant_id=tenant.tenant_id, flag_id=flagged.flag_id,
                                              company_name=COMPANY, idempotency_key="k-1")
    first = activation.resolve_flag(cmd, world.uow, world.cell_guard)
    before = world.state.sizes()

    assert activation.resolve_flag(cmd, world.uow, world.cell_guard) == first
    assert world.state.sizes() == before


def test_order_paid_for_a_tenant_identity_does_not_know_is_refused(world):
    world.directory.register("t_unknown", "intl", None)

    with pytest.raises(NotFound):
        world.pay_order("t_unknown")

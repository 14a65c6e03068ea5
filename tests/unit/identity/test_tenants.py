"""Creating tenants: the jurisdiction fixes the cell (R-RES-1), another cell's tenant is refused (R-RES-2),
and a retry creates nothing twice."""
import dataclasses

import pytest

from contracts.events.v1.identity import TenantCreated
from platformkit.errors import AlreadyExists, FailedPrecondition, NotFound
from services.identity.handlers import activation

from .world import COMPANY, World


def test_an_intl_tenant_is_created_in_the_sg_cell_and_registered_in_the_directory_R_RES_1(world):
    tenant = world.create_tenant("intl")

    entry = world.directory.lookup(tenant.tenant_id)
    assert (entry.jurisdiction, entry.cell) == ("intl", "sg")
    assert world.state.tenants[tenant.tenant_id].jurisdiction == "intl"
    assert tenant.tenant_id.startswith("t_") and COMPANY not in tenant.tenant_id


def test_a_cell_refuses_a_tenant_of_another_jurisdiction_and_names_its_home_cell_R_RES_1(world):
    with pytest.raises(FailedPrecondition) as refused:
        world.create_tenant("prc")

    assert refused.value.reason == "WRONG_CELL"
    assert refused.value.metadata["home_cell"] == "cn"
    assert world.state.tenants == {} and world.uow.events == []


def test_the_cn_cell_creates_prc_tenants_R_RES_1(clock):
    world = World(clock, cell="cn")

    tenant = world.create_tenant("prc")

    assert world.directory.lookup(tenant.tenant_id).cell == "cn"


def test_tenant_created_carries_no_company_name(world):
    world.create_tenant()

    (event,) = world.events(TenantCreated)
    assert COMPANY not in repr(dataclasses.asdict(event))
    assert event.jurisdiction == "intl"


def test_a_retried_create_tenant_returns_the_same_tenant_and_changes_nothing(world):
    first = world.create_tenant(idempotency_key="k-1")
    before = world.state.sizes()

    again = world.create_tenant(idempotency_key="k-1")

    assert again.tenant_id == first.tenant_id
    assert world.state.sizes() == before
    assert len(world.events(TenantCreated)) == 1


def test_an_idempotency_key_reused_for_another_tenant_is_refused(world):
    world.create_tenant(idempotency_key="k-1")

    with pytest.raises(AlreadyExists):
        world.create_tenant(company_name="Other Co", idempotency_key="k-1")


def test_another_cells_tenant_is_refused_before_anything_is_read_R_RES_2(world):
    """R-RES-2: the sg cell never touches a prc tenant, whatever the call."""
    world.directory.register("t_cn_1", "prc", None)

    with pytest.raises(FailedPrecondition) as refused:
        activation.get_activation_link("t_cn_1", world.uow, world.cell_guard)

    assert (refused.value.reason, refused.value.metadata["home_cell"]) == ("WRONG_CELL", "cn")


def test_an_unknown_tenant_is_not_found_R_RES_2(world):
    with pytest.raises(NotFound):
        activation.get_activation_link("t_nowhere", world.uow, world.cell_guard)

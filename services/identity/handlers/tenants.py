"""Creating a tenant: its jurisdiction, fixed here, decides its cell (R-RES-1)."""
from __future__ import annotations

from platformkit import topology
from contracts.events.v1.identity import TenantCreated
from services.identity.domain import commands
from services.identity.domain.errors import WrongCellForJurisdiction
from services.identity.domain.model import Tenant
from services.identity.domain.tokens import new_id
from services.identity.handlers._shared import claim, settle

OPERATION = "CreateTenant"


def create_tenant(cmd: commands.CreateTenant, uow, directory, cell: str) -> Tenant:
    # R-RES-1: the jurisdiction decides the home cell; a cell never creates another cell's tenant.
    home = topology.load().cell_for(cmd.jurisdiction).name
    if home != cell:
        raise WrongCellForJurisdiction(cmd.jurisdiction, home, cell)
    with uow:
        done = claim(uow, OPERATION, cmd)
        if done:
            tenant = uow.tenants.get(done)
        else:
            tenant = Tenant(
                tenant_id=new_id("t"), jurisdiction=cmd.jurisdiction, company_name=cmd.company_name,
                channel=cmd.channel, distributor_id=cmd.distributor_id, created_at=uow.clock.now(),
            )
            uow.tenants.add(tenant)
            uow.publish(TenantCreated(tenant_id=tenant.tenant_id, jurisdiction=tenant.jurisdiction,
                                      channel=tenant.channel, distributor_id=tenant.distributor_id))
            settle(uow, OPERATION, cmd, tenant.tenant_id)
        # Registered before the commit, and again on a retry: if the commit fails the directory
        # keeps an entry without data (harmless); a tenant is never left out of the directory.
        directory.register(tenant.tenant_id, tenant.jurisdiction, tenant.created_at)
        uow.commit()
    return tenant

"""platformctl: tenants, orders, payments, entitlements, accounts, sweeps and the health of both cells."""
from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Optional

import grpc
import typer
from grpc_health.v1 import health_pb2, health_pb2_grpc
from rich.table import Table

from okki_api.common.v1.common_pb2 import Money
from platformctl import connect
from platformctl.render import console, rpc_errors, show, state
from platformkit import topology
from platformkit.clock import OffsetFileClock

app = typer.Typer(help=__doc__, no_args_is_help=True)
tenant = typer.Typer(help="Client enterprises (tenants) and where they live.", no_args_is_help=True)
order = typer.Typer(help="Orders and payments.", no_args_is_help=True)
catalog = typer.Typer(help="Prices of products and plans, per cell (R-BIL-12).", no_args_is_help=True)
entitlement = typer.Typer(help="Entitlements and the feature check.", no_args_is_help=True)
account = typer.Typer(help="Accounts of a tenant.", no_args_is_help=True)
ops = typer.Typer(help="Operations: sweeps, the local clock, the audit chain.", no_args_is_help=True)
for sub, name in ((tenant, "tenant"), (catalog, "catalog"), (order, "order"), (entitlement, "entitlement"), (account, "account"), (ops, "ops")):
    app.add_typer(sub, name=name)


@app.callback()
def main(json_output: bool = typer.Option(False, "--json", help="Print JSON instead of tables.")) -> None:
    state["json"] = json_output


def _key() -> str:
    return f"platformctl-{uuid.uuid4()}"


@app.command()
def status() -> None:
    """Health of every service in both cells (gRPC health over mutual TLS)."""
    topo = topology.load()
    table = Table(title="okki platform status")
    for column in ("cell", "region", "service", "endpoint", "status", "latency"):
        table.add_column(column)
    worst = 0
    for cell, spec in topo.cells.items():
        for service in topo.services:
            endpoint = connect.env().endpoint(cell, service)
            started = time.perf_counter()
            try:
                channel = connect.env().channel(cell, service, "platformctl")
                reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
                text = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
                ok = reply.status == health_pb2.HealthCheckResponse.SERVING
            except (grpc.RpcError, FileNotFoundError) as error:
                text, ok = (error.code().name if isinstance(error, grpc.RpcError) else "NO CERTIFICATES"), False
            worst = worst or (0 if ok else 1)
            colour = "green" if ok else "red"
            table.add_row(cell, spec.region, service, endpoint, f"[{colour}]{text}[/{colour}]",
                          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    console.print(table)
    raise typer.Exit(worst)


@tenant.command("create")
def tenant_create(
    jurisdiction: str = typer.Option(..., help="intl (Singapore entity) or prc (Shenzhen entity)"),
    company: str = typer.Option(..., help="The client's company name"),
    distributor: Optional[str] = typer.Option(None, help="Distributor id (omit for self-service)"),
) -> None:
    """Create a tenant in the cell its jurisdiction decides (R-RES-1)."""
    pb = connect.pb("identity")
    cell = connect.cell_for_jurisdiction(jurisdiction)
    request = pb.CreateTenantRequest(
        jurisdiction=pb.Jurisdiction.Value(f"JURISDICTION_{jurisdiction.upper()}"), company_name=company,
        channel=pb.CHANNEL_DISTRIBUTOR if distributor else pb.CHANNEL_SELF_SERVICE,
        distributor_id=distributor or "", idempotency_key=_key())
    with rpc_errors():
        show(connect.stub(cell, "identity").CreateTenant(request), f"tenant (cell {cell})")


@tenant.command("where")
def tenant_where(tenant_id: str) -> None:
    """Which cell serves a tenant (from the tenant directory)."""
    console.print(connect.cell_of(tenant_id))


@tenant.command("activation-link")
def tenant_activation_link(tenant_id: str) -> None:
    """The pending activation link of a tenant, for its salesperson (R-ID-1)."""
    cell = connect.cell_of(tenant_id)
    with rpc_errors():
        show(connect.stub(cell, "identity").GetActivationLink(connect.pb("identity").GetActivationLinkRequest(tenant_id=tenant_id)))


@catalog.command("set-price")
def catalog_set_price(
    cell: str = typer.Option(..., help="sg or cn"),
    product: str = typer.Option(...),
    plan: str = typer.Option(...),
    amount: str = typer.Option(..., help="Per seat and year, exact decimal"),
    currency: str = typer.Option(...),
    effective_from: str = typer.Option("", help="YYYY-MM-DD, today or later; empty = today"),
) -> None:
    """Set a plan's price from a date on; orders keep the price in effect when placed (R-BIL-12)."""
    pb = connect.pb("billing")
    day = effective_from or OffsetFileClock(connect.env().clock_file(cell)).today().isoformat()
    with rpc_errors():
        show(connect.stub(cell, "billing").SetPrice(pb.SetPriceRequest(
            product=product, plan=plan, unit=pb.PRICE_UNIT_PER_SEAT_YEAR, amount=Money(currency=currency, amount=amount),
            effective_from=day, idempotency_key=_key())), "price")


@catalog.command("list")
def catalog_list(cell: str = typer.Option(..., help="sg or cn")) -> None:
    with rpc_errors():
        show(connect.stub(cell, "billing").ListPrices(connect.pb("billing").ListPricesRequest()), "prices")


@order.command("place")
def order_place(
    tenant_id: str,
    product: str = typer.Option(...),
    plan: str = typer.Option(...),
    seats: int = typer.Option(1),
    currency: str = typer.Option(...),
    distributor: Optional[str] = typer.Option(None),
    company: Optional[str] = typer.Option(None, help="Client company name (distributor orders)"),
    term_months: int = typer.Option(0, help="0 = annual (R-BIL-4)"),
    trial: bool = typer.Option(False),
    add_on: bool = typer.Option(False),
    promotion: list[str] = typer.Option([], help="Promotion codes"),
) -> None:
    """Place an order; its kind is derived from dates (R-BIL-1)."""
    pb = connect.pb("billing")
    client = pb.ClientBusinessInfo(company_name=company) if company else None
    request = pb.PlaceOrderRequest(
        tenant_id=tenant_id, channel=pb.CHANNEL_DISTRIBUTOR if distributor else pb.CHANNEL_SELF_SERVICE,
        distributor_id=distributor or "", client=client, product=product, plan=plan, seats=seats,
        term_months=term_months, currency=currency, promotion_codes=promotion, trial=trial, add_on=add_on,
        idempotency_key=_key())
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "billing").PlaceOrder(request), "order")


@order.command("pay")
def order_pay(tenant_id: str, order_id: str, amount: str = typer.Option(...), currency: str = typer.Option(...)) -> None:
    """Record the payment of an order (the amount due, exactly: R-BIL-10)."""
    pb = connect.pb("billing")
    request = pb.RecordPaymentRequest(order_id=order_id, amount=Money(currency=currency, amount=amount),
                                      idempotency_key=_key())
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "billing").RecordPayment(request), "order")


@order.command("list")
def order_list(tenant_id: str) -> None:
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "billing").ListOrders(
            connect.pb("billing").ListOrdersRequest(tenant_id=tenant_id)), "orders")


@order.command("standing")
def order_standing(tenant_id: str) -> None:
    """Balance, debt and overdue damages (R-BIL-6, R-BIL-7)."""
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "billing").GetAccountStanding(
            connect.pb("billing").GetAccountStandingRequest(tenant_id=tenant_id)), "account standing")


@entitlement.command("show")
def entitlement_show(tenant_id: str) -> None:
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "entitlement").GetTenantStatus(
            connect.pb("entitlement").GetTenantStatusRequest(tenant_id=tenant_id)), "tenant status")


@entitlement.command("check")
def entitlement_check(tenant_id: str, feature: str, at: str = typer.Option("", help="RFC 3339; empty = now")) -> None:
    """Is a feature allowed, and why (R-ENT-3)."""
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "entitlement").Check(
            connect.pb("entitlement").CheckRequest(tenant_id=tenant_id, feature=feature, at=at)), "check")


@account.command("restrict")
def account_restrict(tenant_id: str, account_id: str, reason: str = typer.Option(...),
                     until: str = typer.Option("", help="RFC 3339; empty = permanent")) -> None:
    """Restrict an account, with its reason (R-ID-6)."""
    pb = connect.pb("identity")
    kind = pb.RESTRICTION_KIND_TEMPORARY if until else pb.RESTRICTION_KIND_PERMANENT
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "identity").RestrictAccount(pb.RestrictAccountRequest(
            tenant_id=tenant_id, account_id=account_id, kind=kind, until=until, reason=reason,
            idempotency_key=_key())), "restriction")


@account.command("compromised")
def account_compromised(tenant_id: str, account_id: str) -> None:
    """Lock an account reported compromised and revoke its sessions (R-ID-5)."""
    pb = connect.pb("identity")
    with rpc_errors():
        show(connect.stub(connect.cell_of(tenant_id), "identity").ReportCompromise(pb.ReportCompromiseRequest(
            tenant_id=tenant_id, account_id=account_id, idempotency_key=_key())), "account")


SWEPT = ("billing", "entitlement", "identity")


@ops.command("sweep")
def ops_sweep(cell: str = typer.Option(..., help="sg or cn")) -> None:
    """Run the time-based rules of a cell now (what the bus timers do periodically)."""
    for service in SWEPT:
        with rpc_errors():
            reply = connect.stub(cell, service).RunSweep(connect.pb(service).RunSweepRequest())
        console.print(f"{cell}/{service}: {reply.summary}")


@ops.command("advance-clock")
def ops_advance_clock(cell: str = typer.Option(...), days: float = typer.Option(...)) -> None:
    """Local cells only: move a cell's clock forward (every process of the cell reads it)."""
    path = connect.env().clock_file(cell)
    offset = OffsetFileClock.read_offset(path) + timedelta(days=days)
    OffsetFileClock.write_offset(path, offset)
    console.print(f"cell {cell} clock offset is now {offset}")


@ops.command("verify-audit")
def ops_verify_audit(cell: str = typer.Option(...)) -> None:
    """Recompute the cell's audit hash chain (R-AUD-2)."""
    with rpc_errors():
        reply = connect.stub(cell, "audit").VerifyChain(connect.pb("audit").VerifyChainRequest())
    show(reply, f"audit chain of cell {cell}")
    raise typer.Exit(0 if reply.ok else 1)


if __name__ == "__main__":
    app()

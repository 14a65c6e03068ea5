"""platformctl against the running cells, as an SRE or platform engineer uses it."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from platformctl import connect
from platformctl.main import app

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(cells, monkeypatch):
    monkeypatch.setenv("OKKI_ENV_PREFIX", cells.env.prefix)
    monkeypatch.setenv("OKKI_PORT_SHIFT", str(cells.env.port_shift))
    monkeypatch.setenv("COLUMNS", "160")
    connect.env.cache_clear()
    connect._channel.cache_clear()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    yield run
    connect.env.cache_clear()
    connect._channel.cache_clear()


def test_status_shows_every_service_of_both_cells_serving(cli):
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert result.output.count("SERVING") == 10


def test_a_tenant_is_created_priced_ordered_paid_and_checked_from_the_command_line(cli, cells):
    created = cli("--json", "tenant", "create", "--jurisdiction", "prc", "--company", "深圳出口贸易有限公司",
                  "--distributor", "dist-7")
    assert created.exit_code == 0, created.output
    tenant_id = json.loads(created.output)["tenant_id"]
    assert cli("tenant", "where", tenant_id).output.strip() == "cn"  # R-RES-1, from the directory
    assert cli("catalog", "set-price", "--cell", "cn", "--product", "crm", "--plan", "cli", "--amount", "800.00",
               "--currency", "CNY").exit_code == 0
    order = json.loads(cli("--json", "order", "place", tenant_id, "--product", "crm", "--plan", "cli", "--seats", "2",
                           "--currency", "CNY", "--distributor", "dist-7", "--company", "深圳出口贸易有限公司").output)
    assert order["kind"] == "ORDER_KIND_NEW" and order["amount_due"]["amount"] == "1600.00"
    paid = cli("--json", "order", "pay", tenant_id, order["order_id"], "--amount", "1600.00", "--currency", "CNY")
    assert json.loads(paid.output)["status"] == "ORDER_STATUS_PAID"

    from tests.e2e.conftest import wait_for

    wait_for(lambda: json.loads(cli("--json", "entitlement", "check", tenant_id, "core").output).get("allowed"),
             what="entitlement active")


def test_a_mistake_is_one_clear_line_and_exit_code_2(cli):
    result = cli("order", "pay", "t_nobody", "o_none", "--amount", "1.00", "--currency", "CNY")
    assert result.exit_code == 2
    assert "not in the directory" in result.output or "NOT_FOUND" in result.output
    wrong = cli("order", "pay", "x", "y", "--amount", "1.001", "--currency", "CNY")
    assert wrong.exit_code == 2

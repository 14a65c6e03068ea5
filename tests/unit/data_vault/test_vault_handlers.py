"""The vault's handlers with an in-memory unit of work: exports, waivers, settlement and deletion."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from contracts.events.v1.data_vault import ExportTaken, ExportWaived, TenantDataDeleted
from platformkit.clock import FixedClock
from platformkit.errors import AlreadyExists
from services.data_vault import handlers
from services.data_vault.domain import commands, errors, model

from .fakes import FakeUnitOfWork

TENANT, OTHER = "t-1", "t-2"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)))


def export(uow, tenant=TENANT, key="k-1", account="acc-main"):
    return handlers.request_export(commands.RequestExport(tenant, account, key), uow)


def purge(uow, tenant=TENANT, event_id="evt-1", reason=model.PURGE_DUE):
    return handlers.delete_tenant_data(commands.DeleteTenantData(tenant, reason, event_id), uow)


def test_data_matters_are_unsettled_until_an_export_or_a_waiver_R_ID_7(uow):
    assert handlers.data_settlement(TENANT, uow) == model.Settlement(False, "")


def test_an_export_taken_settles_the_data_matters_R_ID_7(uow):
    export(uow)
    assert handlers.data_settlement(TENANT, uow) == model.Settlement(True, model.EXPORT_TAKEN)
    assert handlers.data_settlement(OTHER, uow).settled is False


def test_a_waiver_settles_the_data_matters_R_ID_7(uow):
    waiver = handlers.waive_export(commands.WaiveExport(TENANT, "acc-main", "k-w"), uow)
    assert handlers.data_settlement(TENANT, uow) == model.Settlement(True, model.WAIVED)
    assert uow.published == [ExportWaived(tenant_id=TENANT, waiver_id=waiver.waiver_id, account_id="acc-main")]


def test_an_export_records_a_machine_readable_manifest_and_emits_export_taken_R_VLT_9(uow):
    handlers.waive_export(commands.WaiveExport(TENANT, "acc-main", "k-w"), uow)
    taken = export(uow)
    assert taken.manifest["format"] == model.EXPORT_FORMAT
    assert taken.manifest["tenant_id"] == TENANT and taken.manifest["cell"] == "sg"
    assert taken.manifest["collections"] == [{"name": "export_waivers", "records": 1},
                                             {"name": "exports", "records": 0}]
    assert uow.published[-1] == ExportTaken(tenant_id=TENANT, export_id=taken.export_id, account_id="acc-main")


def test_a_retried_export_with_the_same_key_returns_the_same_export_and_emits_once(uow):
    first, again = export(uow), export(uow)
    assert again == first
    assert len(uow.exports.rows) == 1
    assert [type(e) for e in uow.published] == [ExportTaken]


def test_an_idempotency_key_reused_for_another_request_is_refused(uow):
    export(uow, account="acc-main")
    with pytest.raises(AlreadyExists):
        export(uow, account="acc-other")


def test_a_purge_deletes_every_row_of_the_tenant_and_confirms_it_in_writing_R_VLT_7_R_ENT_5(uow):
    export(uow)
    export(uow, tenant=OTHER)
    confirmation = purge(uow)
    assert confirmation.deleted == {"exports": 1, "export_waivers": 0}
    assert (confirmation.tenant_id, confirmation.reason) == (TENANT, model.PURGE_DUE)
    assert confirmation.source_event_id == "evt-1"
    assert uow.holdings.count(TENANT) == {"exports": 0, "export_waivers": 0}
    assert uow.holdings.count(OTHER) == {"exports": 1, "export_waivers": 0}
    assert uow.published[-1] == TenantDataDeleted(
        tenant_id=TENANT, confirmation_id=confirmation.confirmation_id, reason=model.PURGE_DUE)


def test_a_redelivered_deletion_event_changes_nothing_R_VLT_7(uow):
    purge(uow)
    published = list(uow.published)
    assert purge(uow) is None
    assert uow.published == published
    assert len(uow.deletions.rows) == 1


def test_a_cancellation_after_the_purge_issues_no_second_confirmation_R_VLT_7(uow):
    first = purge(uow)
    assert purge(uow, event_id="evt-2", reason=model.TENANT_CANCELLED) is None
    assert uow.deletions.for_tenant(TENANT) == first
    assert sum(isinstance(e, TenantDataDeleted) for e in uow.published) == 1


def test_no_export_or_waiver_is_taken_once_the_data_was_deleted_R_VLT_7(uow):
    purge(uow)
    with pytest.raises(errors.TenantDataDeleted):
        export(uow)
    with pytest.raises(errors.TenantDataDeleted):
        handlers.waive_export(commands.WaiveExport(TENANT, "acc-main", "k-w"), uow)
    assert not uow.exports.rows and not uow.waivers.rows

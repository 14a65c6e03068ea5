"""Residency declared once: the jurisdiction decides the cell and the region (R-RES-1)."""
import pytest

from platformkit import topology
from platformkit.directory import CellGuard, StaticDirectory
from platformkit.errors import NotFound, WrongCell


def test_intl_tenants_live_in_singapore_and_prc_tenants_in_mainland_china_R_RES_1():
    topo = topology.load()
    assert topo.cell_for("intl").name == "sg" and topo.cell_for("intl").region == "ap-southeast-1"
    cn = topo.cell_for("prc")
    assert cn.name == "cn" and cn.region.startswith("cn-") and cn.mainland
    assert all(r.startswith("cn-") and r != "cn-hongkong" for r in cn.allowed_regions)


def test_an_unknown_jurisdiction_is_refused_R_RES_1():
    with pytest.raises(KeyError):
        topology.load().cell_for("eu")


def test_a_cell_refuses_another_cells_tenant_R_RES_2():
    guard = CellGuard(StaticDirectory({"t_cn": "prc", "t_sg": "intl"}), "sg")
    assert guard.ensure_local("t_sg").cell == "sg"
    with pytest.raises(WrongCell):
        guard.ensure_local("t_cn")
    with pytest.raises(NotFound):
        guard.ensure_local("t_unknown")

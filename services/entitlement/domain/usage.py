"""R-ENT-8: the usage signals a distributor may see. Counters only, never business records."""
from __future__ import annotations

from dataclasses import dataclass

# identity.AccountChanged `change` values that open or close an account; other changes (locked,
# restricted, replaced) leave the number of accounts as it is.
OPENING_CHANGES = frozenset({"created", "registered"})
CLOSING_CHANGES = frozenset({"cancelled", "deleted"})


@dataclass(frozen=True)
class ModuleUsage:
    module: str
    uses: int
    days_used: int


@dataclass(frozen=True)
class UsageSignals:
    tenant_id: str
    month: str  # YYYY-MM
    login_days: int
    open_accounts: int
    modules: tuple[ModuleUsage, ...]

"""Identity's refusals: platformkit error kinds carrying the reasons callers branch on."""
from __future__ import annotations

from platformkit.errors import AlreadyExists, FailedPrecondition, PermissionDenied, Unauthenticated


class WrongCellForJurisdiction(FailedPrecondition):
    """R-RES-1: a tenant of this jurisdiction lives in another cell; metadata names it."""

    reason = "WRONG_CELL"

    def __init__(self, jurisdiction: str, home_cell: str, this_cell: str):
        super().__init__(
            f"{jurisdiction} tenants are created in cell {home_cell!r}, not {this_cell!r}",
            metadata={"jurisdiction": jurisdiction, "home_cell": home_cell, "this_cell": this_cell},
        )


class ActivationLinkUnusable(FailedPrecondition):
    """R-ID-1: a link is single-use and expires."""

    def __init__(self, why: str):
        super().__init__(f"this activation link is {why.lower()}", reason=f"ACTIVATION_LINK_{why}")


class FreeMailNotAcknowledged(FailedPrecondition):
    """R-ID-3: a personal or free-mail main account needs the client's risk acknowledgement."""

    reason = "FREE_MAIL_NOT_ACKNOWLEDGED"

    def __init__(self):
        super().__init__(
            "a personal or free-mail address may be the main account only once the client "
            "acknowledges the risk (free_mail_acknowledged)",
            metadata={"field": "free_mail_acknowledged"},
        )


class MainAccountExists(FailedPrecondition):
    reason = "MAIN_ACCOUNT_EXISTS"

    def __init__(self):
        super().__init__("this client already has a main account")


class EmailTaken(AlreadyExists):
    reason = "EMAIL_TAKEN"

    def __init__(self):
        super().__init__("an account with this email already exists")


class SeatsExhausted(FailedPrecondition):
    """R-ID-4: the entitlement's seats bound the number of accounts."""

    reason = "SEATS_EXHAUSTED"

    def __init__(self, seats: int):
        super().__init__(f"every seat is taken ({seats}, the main account included)", metadata={"seats": str(seats)})


class InvalidCredentials(Unauthenticated):
    """R-ID-9: one answer for an unknown email and a wrong password, so accounts cannot be enumerated."""

    reason = "INVALID_CREDENTIALS"

    def __init__(self):
        super().__init__("the sign-in details are wrong")


class AccountLocked(PermissionDenied):
    """R-ID-5: locked after a reported compromise."""

    reason = "ACCOUNT_LOCKED"

    def __init__(self):
        super().__init__("this account is locked after a reported compromise; contact support")


class AccountRestricted(PermissionDenied):
    """R-ID-6: a restricted account cannot authenticate."""

    reason = "ACCOUNT_RESTRICTED"

    def __init__(self):
        super().__init__("this account is restricted by the platform")


class CancellationBlocked(FailedPrecondition):
    """R-ID-7: reason is the first unmet condition; metadata `unmet` lists them all."""

    def __init__(self, unmet: list[str]):
        super().__init__(
            "the main account cannot be cancelled yet: " + ", ".join(u.lower().replace("_", " ") for u in unmet),
            reason=unmet[0],
            metadata={"unmet": ",".join(unmet)},
        )

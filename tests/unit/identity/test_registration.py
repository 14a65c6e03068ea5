"""Registering the main account: first email is main (R-ID-3), free mail needs the risk
acknowledged (R-ID-3), passwords only as argon2id hashes (R-ID-10)."""
import pytest
from argon2 import PasswordHasher

from contracts.events.v1.identity import MainAccountRegistered
from platformkit.errors import AlreadyExists, FailedPrecondition
from services.identity.adapters.passwords import Argon2Passwords
from services.identity.domain import commands
from services.identity.domain.free_mail import FREE_MAIL_DOMAINS
from services.identity.handlers import activation, registration
from services.identity.handlers._shared import request_fingerprint

from .world import MAIN_EMAIL, PASSWORD, key


@pytest.fixture
def token(world):
    tenant = world.create_tenant()
    world.pay_order(tenant.tenant_id)
    return world.link_token(tenant.tenant_id)


def test_the_first_registered_email_becomes_the_main_account_R_ID_3(world, token):
    result = world.register(token)

    account = world.state.accounts[result.account_id]
    assert (account.role, account.email) == ("main", MAIN_EMAIL)
    (event,) = world.events(MainAccountRegistered)
    assert event.account_id == result.account_id and MAIN_EMAIL not in repr(event)


@pytest.mark.parametrize("email", ["founder@gmail.com", "laoban@qq.com", "boss@163.com", "ceo@Outlook.com"])
def test_a_free_mail_main_account_without_acknowledgement_is_refused_R_ID_3(world, token, email):
    with pytest.raises(FailedPrecondition) as refused:
        world.register(token, email)

    assert refused.value.reason == "FREE_MAIL_NOT_ACKNOWLEDGED"
    assert world.state.accounts == {}


def test_a_free_mail_main_account_is_accepted_with_the_acknowledgement_recorded_R_ID_3(world, token):
    result = world.register(token, "founder@gmail.com", acknowledged=True)

    account = world.state.accounts[result.account_id]
    assert account.free_mail_acknowledged_at == world.clock.now()
    assert world.events(MainAccountRegistered)[0].free_mail_acknowledged is True


def test_an_enterprise_email_needs_no_acknowledgement_R_ID_3(world, token):
    result = world.register(token)

    assert world.state.accounts[result.account_id].free_mail_acknowledged_at is None


def test_the_free_mail_list_covers_the_common_providers_R_ID_3():
    assert {"gmail.com", "qq.com", "163.com", "126.com", "outlook.com", "hotmail.com", "yahoo.com",
            "icloud.com", "sina.com", "foxmail.com"} <= FREE_MAIL_DOMAINS


def test_only_the_first_registration_becomes_main_any_later_one_is_refused_R_ID_3(world, token):
    world.register(token)
    tenant = next(iter(world.state.tenants.values()))
    with world.uow:
        _link, second = activation.mint_link(world.uow, tenant, "o-2", world.clock.now())
        world.uow.commit()

    with pytest.raises(FailedPrecondition) as refused:
        world.register(second, "another@acme-trading.example")
    assert refused.value.reason == "MAIN_ACCOUNT_EXISTS"


def test_an_email_already_in_use_is_refused(world, token):
    world.register(token)
    other = world.create_tenant(company_name="Other Co")
    world.pay_order(other.tenant_id)

    with pytest.raises(AlreadyExists):
        world.register(world.link_token(other.tenant_id), MAIN_EMAIL)


def test_a_retried_registration_returns_the_same_account_and_changes_nothing(world, token):
    first = world.register(token, idempotency_key="k-1")
    before = world.state.sizes()

    assert world.register(token, idempotency_key="k-1") == first
    assert world.state.sizes() == before
    assert len(world.events(MainAccountRegistered)) == 1


def test_a_redelivered_flagging_answers_flagged_again(world, token):
    first = world.register(token, confirmed=False, idempotency_key="k-1")

    assert world.register(token, confirmed=False, idempotency_key="k-1") == first
    assert len(world.state.flags) == 1


def test_passwords_are_stored_only_as_argon2id_hashes_R_ID_10(world, token):
    cheap = Argon2Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    cmd = commands.Register(token=token, email=MAIN_EMAIL, password=PASSWORD, company_name_confirmed=True,
                            free_mail_acknowledged=False, idempotency_key=key())

    result = registration.register(cmd, world.uow, cheap, world.cell_guard)

    stored = world.state.accounts[result.account_id].password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert cheap.verify(stored, PASSWORD) and not cheap.verify(stored, PASSWORD + "!")


def test_a_password_never_enters_the_idempotency_fingerprint_R_ID_10(token):
    def cmd(password):
        return commands.Register(token=token, email=MAIN_EMAIL, password=password, company_name_confirmed=True,
                                 free_mail_acknowledged=False, idempotency_key="k-1")

    assert request_fingerprint(cmd("first password")) == request_fingerprint(cmd("second password"))
    assert PASSWORD not in repr(cmd(PASSWORD)) and token not in repr(cmd(PASSWORD))

"""Settings keep secrets out of logs; the per-tenant rate limiter refills at its rate."""
import pytest

from platformkit.errors import ResourceExhausted
from platformkit.ratelimit import TenantRateLimiter
from platformkit.settings import Settings


def test_secrets_never_appear_when_settings_are_printed_or_logged():
    settings = Settings(cell="sg", service="billing", database_url="postgresql+psycopg://app:s3cret@db/x",
                        amqp_uri="amqp://app:s3cret@mq/okki-sg", directory_url="postgresql+psycopg://app:s3cret@db/d")
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_an_unknown_cell_or_service_fails_fast():
    with pytest.raises(ValueError):
        Settings(cell="hk", service="billing", database_url="x", amqp_uri="y", directory_url="z")


def test_a_tenant_past_its_burst_waits_for_the_refill_and_others_are_unaffected():
    now = [0.0]
    limiter = TenantRateLimiter(rate_per_second=2.0, burst=2, now=lambda: now[0])
    limiter.take("t_a")
    limiter.take("t_a")
    with pytest.raises(ResourceExhausted):
        limiter.take("t_a")
    limiter.take("t_b")
    now[0] += 0.5
    limiter.take("t_a")

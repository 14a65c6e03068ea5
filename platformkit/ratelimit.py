"""Per-tenant token buckets: past its rate a tenant gets RESOURCE_EXHAUSTED, others are unaffected."""
from __future__ import annotations

import threading
import time

from platformkit.errors import ResourceExhausted

MAX_TRACKED = 100_000


class TenantRateLimiter:
    def __init__(self, rate_per_second: float, burst: int, now=time.monotonic):
        self._rate, self._burst, self._now = rate_per_second, burst, now
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, tenant_id: str) -> None:
        now = self._now()
        with self._lock:
            tokens, last = self._buckets.get(tenant_id, (float(self._burst), now))
            tokens = min(float(self._burst), tokens + (now - last) * self._rate)
            if tokens < 1.0:
                self._buckets[tenant_id] = (tokens, now)
                raise ResourceExhausted("too many calls for this tenant; slow down", reason="TENANT_RATE_LIMITED",
                                        metadata={"retry_after_ms": str(int(1000 * (1.0 - tokens) / self._rate))})
            if len(self._buckets) >= MAX_TRACKED and tenant_id not in self._buckets:
                self._buckets.clear()
            self._buckets[tenant_id] = (tokens - 1.0, now)

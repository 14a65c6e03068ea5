"""The audit log: one append-only, hash-chained log per cell (R-AUD-2), fed by every service's events."""

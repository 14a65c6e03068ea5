"""Billing: catalog, promotions, prepaid orders, pay-as-you-go balance, damages, refunds (R-BIL-1..12)."""

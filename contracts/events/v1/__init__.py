"""Version 1 of the event schemas. Importing this package registers every event class."""
from contracts.events.v1 import audit, billing, data_vault, entitlement, identity  # noqa: F401

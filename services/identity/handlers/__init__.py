"""Identity's service layer: one small module per concern, each handler `(command, uow, deps) -> result`.

A handler naming a tenant asks the cell guard first (R-RES-2): an unknown tenant is NOT_FOUND,
another cell's is FAILED_PRECONDITION/WRONG_CELL, before anything is read or written.
"""

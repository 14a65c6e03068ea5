"""The audit domain: the hash chain and its verification, pure Python, no I/O."""

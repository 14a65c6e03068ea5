"""platformctl: the command line for platform engineers and SREs."""

"""Component resources and settings of the okki Pulumi program (one stack per cell)."""

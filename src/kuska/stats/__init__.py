"""Statistics: the indicator catalogue, the engine, disclosure control, and aggregate series."""

"""Pure domain logic: the state machine, validation and event building. No I/O here."""

"""Channel provider profiles: adapters between providers\x27 formats and nexus messages."""

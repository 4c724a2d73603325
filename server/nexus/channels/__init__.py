"""Channel provider profiles: adapters between the providers' formats and nexus messages."""

"""nexus: Digital Channels for contact centers over gRPC."""

__version__ = "0.1.0"

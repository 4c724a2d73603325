"""Generated protobuf and gRPC code for nexus.v1; regenerate with scripts/gen_protos.py."""

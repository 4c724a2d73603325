"""gRPC servicers: thin adapters from requests to the core, plus error mapping."""

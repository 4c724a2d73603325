"""Envoy sidecar tooling: render envoy.yaml, dev certificates, start and watch the processes."""

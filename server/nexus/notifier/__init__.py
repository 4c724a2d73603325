"""The webhook notifier: turns the event log into signed, retried HTTPS deliveries.

``engine`` fans events out into deliveries and sends them with the egress client
(``nexus.egress``, behind the SSRF guard); ``signing``, ``payloads`` and ``schedule`` are
pure.
"""

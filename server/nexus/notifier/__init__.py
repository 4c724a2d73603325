"""The webhook notifier: turns the event log into signed, retried HTTPS deliveries.

``engine`` fans events out into deliveries and sends them; ``client`` is the one egress
HTTP client (with the SSRF guard of ``ssrf``); ``signing``, ``payloads`` and ``schedule``
are pure.
"""

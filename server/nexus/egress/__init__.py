"""Egress: the one outbound HTTP client of nexus and its SSRF guard (used by the webhook
notifier and the channel sender alike). It imports nothing of nexus but ``config``.

``urls`` writes a URL in the one form the client connects to (pure); ``guard`` decides
which addresses may be reached; ``client`` is the aiohttp client that checks every address
immediately before it connects; ``signing`` signs what leaves (Standard Webhooks, and
``X-Hub-Signature`` for the original service's formats).
"""

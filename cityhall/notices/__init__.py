"""Publish-once notices and disaster alerts.

Subscriptions, delivery, CAP documents and read-aloud scripts.
"""

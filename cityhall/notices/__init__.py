"""Publish-once notices and disaster alerts: subscriptions, delivery, CAP, read-aloud scripts."""

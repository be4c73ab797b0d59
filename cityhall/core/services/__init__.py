"""Writes for the core app, split by concept (see CONVENTIONS.md)."""

"""Writes of the open-data app: catalogue (datasets), resources, generators."""

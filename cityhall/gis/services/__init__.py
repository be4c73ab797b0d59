"""Writes of the gis app: outline and district points (``outline``) and the
registration rules every layer import goes through (``registration``)."""

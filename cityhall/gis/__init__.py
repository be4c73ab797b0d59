"""Map layers, GeoJSON and spatial look-ups."""

"""The reservations staff console (under ``/admin/reservations/``): bookings
and usage records, blackouts, the city's recurring bookings and utilisation.
One module per screen; ``urls.py`` mounts them and builds the menu."""

"""The staff console of electronic applications (under ``/admin/eforms/``)."""

"""Staff console (Wagtail admin) screens of the core app, one module per concept.

``cityhall.core.wagtail_hooks`` only registers what these modules define:

- :mod:`.policies`: who may use which screen (role-based permission policies);
- :mod:`.service_forms`: console create/edit views that save through services;
- :mod:`.municipality`: the municipality profile and its districts;
- :mod:`.departments`: departments (部) and divisions (課);
- :mod:`.roles`: role assignments;
- :mod:`.residents`: residents' profiles, read-only and audited;
- :mod:`.audit`: the audit trail, read-only;
- :mod:`.second_factor`: resetting a staff member's second factor.
"""

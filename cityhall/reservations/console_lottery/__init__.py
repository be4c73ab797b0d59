"""Staff console screens (Wagtail admin, ``/admin/reservations-lottery/``) for
group approval (団体登録の承認) and lottery windows (抽選): the access check in
``access``, one module per concept (``groups``, ``lottery``), URLs and menu
in ``urls``; ``reservations/wagtail_hooks.py`` registers them."""

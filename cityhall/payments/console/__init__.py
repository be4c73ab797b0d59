"""The payments app's staff console (Wagtail admin, ``/admin/payments/``).

会計課 staff reconcile bank files and refund: one module per concept
(``queue``, ``imports``, ``refunds``, ``invoices``, ``reports``, ``events``),
their forms in ``forms``, reads in ``selectors``, the access check in
``access`` and the URLs and menu in ``urls``. ``payments/wagtail_hooks.py``
registers them with Wagtail.
"""

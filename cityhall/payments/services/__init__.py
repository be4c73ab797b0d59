"""Every write of the payments app, split by concept.

``invoices`` (create, correct, cancel), ``payments`` (attempts and their state
machine, money recorded as received), ``refunds``, ``reconciliation`` (bank
files and the staff queue). Import from the submodules.
"""

"""Every write of the reservations app, split by concept: ``booking``
(provisional booking, confirmation on payment, cancellation, expiry). Import
from the submodules."""

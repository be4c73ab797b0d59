"""Publishing side of notices: emergency publishing, updates and cancellations,
the hand-off to delivery, and the staff console actions for them."""

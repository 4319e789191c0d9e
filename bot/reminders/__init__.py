"""Reminders and broadcasts: the scheduler, the delivery engine and the service that runs them."""

"""Sign-in, users, per-partnership roles and the one permission module every page uses."""

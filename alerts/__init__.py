"""E-mail alerts: announcements of published records, subscriptions and their deliveries."""

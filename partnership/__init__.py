"""The partnership register: partnerships, partner bodies, people, groups and memberships."""

"""Shared foundations: visibility, formatting, the page layout, error pages and the home page."""

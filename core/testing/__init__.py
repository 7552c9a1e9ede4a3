"""Test support shared by every app: the role users' world and the permission matrix."""

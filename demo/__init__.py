"""The demo partnership: `manage.py load_demo` runs every app's demo loader and adds sign-ins."""

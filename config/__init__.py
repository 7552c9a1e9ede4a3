"""Project configuration: settings, URLs, WSGI/ASGI entry points and the Jinja2 environment."""

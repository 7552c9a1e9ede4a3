"""Gunicorn settings for `make serve`, read from the environment (README, "Production").

Threads, not processes, carry the concurrency: each thread keeps one persistent database
connection, so the server opens at most WEB_CONCURRENCY x WEB_THREADS connections however many
users arrive; the rest wait in the listen queue instead of exhausting PostgreSQL.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import env_int, env_str  # noqa: E402

wsgi_app = "config.wsgi:application"
bind = f"{env_str('HOST') or '127.0.0.1'}:{env_int('PORT', 8000)}"
worker_class = "gthread"
workers = env_int("WEB_CONCURRENCY", 2)
threads = env_int("WEB_THREADS", 4)
backlog = 2048
timeout = env_int("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow for ever; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
# Django alone decides whether a request came over HTTPS (SECURE_PROXY_SSL_HEADER), so gunicorn
# does not rewrite the scheme from forwarded headers itself.
secure_scheme_headers: dict[str, str] = {}
accesslog = "-"
errorlog = "-"
loglevel = (env_str("LOG_LEVEL") or "info").lower()
# supervisord manages the server; a control socket in the home folder would be shared by every
# instance on the machine.
control_socket_disable = True

"""The site's URLs plus /bench/hello, the benchmark's floor: the same server and middleware,
no queries and no template."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world\n", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *site_urlpatterns]

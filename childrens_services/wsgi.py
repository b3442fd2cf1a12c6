"""The WSGI application gunicorn serves: Django, behind ``TRUSTED_PROXY_COUNT`` proxies.

Behind a load balancer every request arrives from the balancer's address, so anything keyed on
the client's address (the sign-in lockout) would treat all users as one. Each trusted proxy
appends the address it received the request from to X-Forwarded-For; Werkzeug's ``ProxyFix``
takes the entry that many places from the right as ``REMOTE_ADDR``, so entries a client wrote
itself further left are ignored. With no proxies (the default) nothing is read from headers.
"""

import os

from django.core.wsgi import get_wsgi_application
from werkzeug.middleware.proxy_fix import ProxyFix

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childrens_services.settings")


def behind_trusted_proxies(app, count: int):
    """``app`` reading the client's address from the ``count`` proxies in front of it."""
    if count <= 0:
        return app
    return ProxyFix(app, x_for=count, x_proto=0, x_host=0, x_port=0, x_prefix=0)


def build_application():
    django_app = get_wsgi_application()
    from django.conf import settings

    return behind_trusted_proxies(django_app, settings.TRUSTED_PROXY_COUNT)


application = build_application()

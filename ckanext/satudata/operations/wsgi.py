"""The WSGI application of a production server (gunicorn).

``gunicorn 'ckanext.satudata.operations.wsgi:application'`` with the
variable ``CKAN_INI`` naming the portal's configuration, like CKAN's own
``wsgi.py`` of its source tree (not shipped in the wheel). Every gunicorn
worker builds its own application after the fork (no ``--preload``), so
no database connection or Redis client is shared between processes.

The server sits behind nginx (``make prod``, the Docker image), so the
client's address and scheme come from nginx's ``X-Forwarded-For`` and
``X-Forwarded-Proto`` (one trusted hop: gunicorn listens only to nginx):
the per-address login limits, the login history and ``/metrics``'s
network check see the visitor, not nginx. ``SATUDATA_PROXIES`` gives the
number of proxies in front when there are more (a load balancer too).
"""

from __future__ import annotations

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app
from werkzeug.middleware.proxy_fix import ProxyFix

_hops = int(os.environ.get("SATUDATA_PROXIES", "1"))
application = ProxyFix(
    make_app(load_config(os.environ["CKAN_INI"])),
    x_for=_hops,
    x_proto=_hops,
    x_host=_hops,
)

"""Running the app in production: gunicorn with a buffering worker, started by ``kg serve``.

Rule: may use gunicorn and :mod:`kg.web`; never the build (``kg serve`` builds first in the
CLI when the build output is missing).
"""

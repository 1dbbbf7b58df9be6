"""Test-run environment: production-like settings (DEBUG off) with a throwaway key.

The test command (``make test``) sets these too; the defaults here let a
developer run ``pytest`` directly.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_ROOT", os.path.join(os.path.dirname(__file__), "staticfiles"))

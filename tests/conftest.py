"""Fixtures shared by the whole suite."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker):
    """Production settings serve hashed static files: collect them once if needed."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not settings.DEBUG and not manifest.exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    elif manifest.exists():
        json.loads(manifest.read_text())  # a broken manifest should fail loudly here


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"

"""Storage that fails as a real one does: a full disk (for tests/conferences/test_uploads.py)."""

import errno

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

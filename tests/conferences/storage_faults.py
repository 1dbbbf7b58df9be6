"""Storage that fails as a real one does: a full disk (for tests/conferences/test_uploads.py)."""

import errno

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


class RefusesSomeFiles(FileSystemStorage):
    """A disk that fills up for one file: a name holding ``refused`` fails as a full disk does."""

    def _save(self, name, content):
        if "refused" in name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super()._save(name, content)

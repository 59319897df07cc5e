"""Files the monitor creates are private: 0600 files in 0700 folders.

The database holds every mail body and address, the logs every URL and error; a default umask (022) would
make them readable by every local user. Explicit modes instead of a process-wide umask, so a report the user
writes with ``--output`` stays as shareable as any file they make. Files and folders that already exist keep
the mode their owner gave them (a backup group's read access is a choice, not a leak).
"""

from __future__ import annotations

import errno
import logging.handlers
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """``mkdir -p`` in which every folder created is 0700 (``Path.mkdir`` gives parents the umask's mode)."""
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    if not missing and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process: not ours to change
        os.chmod(folder, DIR_MODE)  # mkdir's mode passed through the umask
    return path


def private_opener(path: str, flags: int) -> int:
    """``open(..., opener=private_opener)``: a file it creates is 0600 whatever the umask."""
    return os.open(path, flags, FILE_MODE)


def private_file(path: Path) -> Path:
    """Create ``path`` empty and 0600 unless it exists, for a writer that opens it by name later (Scrapy)."""
    os.close(private_opener(str(path), os.O_WRONLY | os.O_CREAT))
    return path


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the first and each one started after a rotation, is 0600."""

    def _open(self):  # logging's signature
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=private_opener)

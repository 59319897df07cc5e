"""scripts/setup.sh (behind README's demo.sh and test.sh) refuses an unusable Python with one clear line."""
from __future__ import annotations
import os
import subprocess
from tests.support.cli import ROOT


def setup_with(python: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=python)
    return subprocess.run(["bash", str(ROOT / "scripts" / "setup.sh")], capture_output=True, text=True, env=env,
                          timeout=30)


def test_setup_names_a_missing_python(tmp_path):
    out = setup_with(str(tmp_path / "no-such-python"))
    assert out.returncode == 2 and "not found" in out.stderr and "PYTHON=" in out.stderr


def test_setup_refuses_python_older_than_3_11(tmp_path):
    old = tmp_path / "python3.9"
    # answers like Python 3.9 would: the version check fails, -V prints the version
    old.write_text('#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Python 3.9.2"; exit 0; fi\nexit 1\n')
    old.chmod(0o755)
    out = setup_with(str(old))
    assert out.returncode == 2
    assert "needs Python 3.11 or newer" in out.stderr and "Python 3.9.2" in out.stderr

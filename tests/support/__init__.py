"""Test helpers shared by unit and integration tests, imported as ``tests.support.X``."""

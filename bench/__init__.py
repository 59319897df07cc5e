"""Benchmarks (not part of the test suite); ``bench.world`` is the generated portal they share."""

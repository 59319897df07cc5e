"""The benchmark world (bench/world.py) is deterministic: no server, no crawl."""
from __future__ import annotations
from bench.world import World, spec_for  # noqa: E402
from bench.world_pages import render  # noqa: E402


EXT = "http://localhost:1"


def tiny() -> World:
    return World(spec_for("tiny"))


def test_same_seed_same_world_byte_for_byte_and_another_seed_differs():
    a, b = tiny(), tiny()
    assert a.index().keys() == b.index().keys()
    for path in a.index():
        assert render(a, path, EXT).body == render(b, path, EXT).body, path
    other = World(spec_for("tiny", seed=10))
    assert [p.title for c in other.sites[0].columns for p in c.posts] != \
        [p.title for c in a.sites[0].columns for p in c.posts]
    assert a.apply_changes() == b.apply_changes()
    assert all(render(a, p, EXT).body == render(b, p, EXT).body for p in a.index())


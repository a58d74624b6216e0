"""The build's garbage-collector setting is raised for the build and restored after it."""

import gc

from kgraph.gctune import BUILD_THRESHOLDS, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
    assert gc.get_threshold() == before
    assert all(i >= max(b, t) for i, b, t in zip(inside, before, BUILD_THRESHOLDS))


def test_higher_settings_of_the_caller_are_kept():
    before = gc.get_threshold()
    gc.set_threshold(10**6, 100, 100)
    try:
        with fewer_collections((1000, 5, 5)):
            assert gc.get_threshold() == (10**6, 100, 100)
    finally:
        gc.set_threshold(*before)


def test_restored_when_the_body_raises():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_threshold() == before

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


def test_a_structure_is_kept_for_the_exit_only_in_a_process_that_skips_teardown(monkeypatch) -> None:
    import weakref

    from kgraph import gctune

    class Tables:
        pass

    monkeypatch.setattr(gctune, "_KEPT", None)
    freed = Tables()
    ref = weakref.ref(freed)
    gctune.keep_until_exit(freed)
    del freed
    assert ref() is None  # a notebook's build frees it as usual

    frozen: list[bool] = []
    monkeypatch.setattr(gctune.gc, "freeze", lambda: frozen.append(True))  # not this test process's objects
    gctune.exit_without_teardown()
    kept = Tables()
    ref = weakref.ref(kept)
    gctune.keep_until_exit(kept)
    del kept
    assert ref() is not None  # the console script leaves it for os._exit
    assert frozen  # out of the collector's view

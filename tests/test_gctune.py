"""The collector is off for a build and as it was after it; large tables are kept for a fast exit."""

import gc

import pytest

from kgraph.gctune import no_collections


@pytest.mark.parametrize("on_before", [True, False])
def test_the_collector_is_off_inside_and_as_it_was_after(on_before: bool) -> None:
    was_on = gc.isenabled()
    (gc.enable if on_before else gc.disable)()
    try:
        with no_collections():
            assert not gc.isenabled()
        assert gc.isenabled() == on_before
    finally:
        (gc.enable if was_on else gc.disable)()


def test_restored_when_the_body_raises() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with no_collections():
            raise ValueError("boom")
    assert gc.isenabled()


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

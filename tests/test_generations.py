"""A build folder holds one consistent generation: killed at any step, run twice at once, or
queried while rebuilt, DIR answers for one whole build (kgraph.generations)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import kgraph
from kgraph import api
from kgraph.pipeline import LINKED_FILES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OLD = [str(EXAMPLES / "pages")]
NEW = [str(EXAMPLES / "pages"), str(EXAMPLES / "structured")]
COUNT = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"

#: Runs a build with every rename, replace, link, unlink and tree removal under DIR counted,
#: and the process killed (os._exit, nothing cleaned up) just before the K-th.
_KILLER = textwrap.dedent("""
    import os, shutil, sys
    out, k = os.path.realpath(sys.argv[1]), int(sys.argv[2])
    seen = [0]
    def counted(fn):
        def wrapper(*args, **kw):
            if any(os.path.realpath(str(a)).startswith(out) for a in args[:2] if isinstance(a, (str, os.PathLike))):
                seen[0] += 1
                if seen[0] == k:
                    os._exit(9)
            return fn(*args, **kw)
        return wrapper
    for name in ("rename", "replace", "symlink", "link", "unlink", "rmdir"):
        setattr(os, name, counted(getattr(os, name)))
    shutil.rmtree = counted(shutil.rmtree)
    sys.argv = ["kgraph", "build", *sys.argv[3:], "--out", out, "--no-validate", "--jobs", "1"]
    from kgraph.cli import main
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    print("calls", seen[0], file=sys.stderr)
    os._exit(code)
""")


def _snapshot(out: Path) -> dict[str, str]:
    """What DIR shows through the paths users open: every output and every cache file."""
    files = {}
    for name in LINKED_FILES:
        path = out / name
        if name == "store" or not path.exists():
            continue
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file():
                    files[str(sub.relative_to(out))] = hashlib.sha256(sub.read_bytes()).hexdigest()
        else:
            files[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _papers(target: Path) -> str:
    return kgraph.query(target, COUNT).rows[0][0]


def test_a_kill_at_any_step_leaves_the_old_set_or_the_new_one(tmp_path: Path) -> None:
    new_dir = tmp_path / "new"
    kgraph.build(NEW, new_dir, validate=False)
    new = _snapshot(new_dir)
    k, kills = 1, 0
    while True:
        out = tmp_path / f"run{k}"
        kgraph.build(OLD, out, validate=False)
        old_papers = _papers(out)  # the old build's store is made now: it must not answer later
        assert old_papers != _papers(new_dir)
        old = _snapshot(out)
        run = subprocess.run([sys.executable, "-c", _KILLER, str(out), str(k), *NEW], capture_output=True, text=True)
        got = _snapshot(out)
        assert got in (old, new), f"kill at step {k}: a mix of two builds"
        assert _papers(out) == _papers(out / "graph.ttl") == (_papers(new_dir) if got == new else old_papers)
        assert "Mei-Ling Hoffmann" in api.explain(out, "Mei-Ling Hoffmann").label
        if run.returncode != 9:
            assert run.returncode == 0 and got == new, run.stderr
            break
        kills += 1
        kgraph.build(NEW, out, update=True, validate=False)  # the next run takes over and cleans up
        assert _snapshot(out) == new
        left = [d for _, dirs, _ in os.walk(out) for d in dirs if d.startswith((".kgraph-build-", ".store."))]
        assert left == []
        k += 1
    assert kills >= 5  # the test did reach the switch and the steps around it


def _build_process(out: Path, inputs: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgraph.cli", "build", *inputs, "--out", str(out), "--no-validate"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_into_one_folder_run_one_after_the_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = _build_process(out, NEW), None
    deadline = time.time() + 30
    while not (out / ".kgraph-generations" / "lock").exists() and time.time() < deadline:
        time.sleep(0.01)
    second = _build_process(out, OLD)
    assert first.wait(120) == 0 and second.wait(120) == 0
    stderr = first.stderr.read() + second.stderr.read()
    old_dir = tmp_path / "old"
    kgraph.build(OLD, old_dir, validate=False)
    new_dir = tmp_path / "new"
    kgraph.build(NEW, new_dir, validate=False)
    assert _snapshot(out) in (_snapshot(old_dir), _snapshot(new_dir))  # one build's set, whole
    if "waiting for the build" in stderr:  # the second one started while the first held the lock
        assert _snapshot(out) == _snapshot(old_dir)


def test_a_lock_held_by_a_live_build_is_waited_for_and_a_dead_ones_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from kgraph.generations import build_lock
        with build_lock(Path({str(out)!r})):
            print("held", flush=True)
            time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    waiting = _build_process(out, OLD)
    time.sleep(3)
    assert waiting.poll() is None  # it waits for the live holder
    holder.kill()  # a killed holder's lock is released by the OS: the build goes on
    assert waiting.wait(120) == 0
    assert "waiting for the build in" in waiting.stderr.read()
    assert (out / "graph.ttl").is_file()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_pool_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    if not Path("/proc").is_dir():
        import pytest

        pytest.skip("needs /proc to find the workers")
    script = textwrap.dedent("""
        import os, sys, time
        from kgraph.workers import Task, run_tasks
        import kgraph.workers as w
        def run_task(task):  # busy for far longer than the test
            time.sleep(120)
        run_task.__module__, run_task.__qualname__ = "kgraph.workers", "run_task"
        w.run_task = run_task
        list(w.run_tasks([Task("x", "r", "s")] * 4, jobs=2))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 30
    while len(workers := _children(parent.pid)) < 2 and time.time() < deadline:
        time.sleep(0.1)
    assert len(workers) >= 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 5
    while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"

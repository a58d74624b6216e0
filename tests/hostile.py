"""A folder of hostile and broken inputs next to good pages, generated in code.

Not a test module: `tests/test_hostile_inputs.py` builds the folder with the CLI.
Nothing big or binary is checked into git; every file is written here.

`make_hostile_folder(path)` returns {file name: reason fragment} for every file the
build must skip (or warn about), each to be named on exactly one stderr line.
`DECODED_PAGES` lists the pages in odd encodings or with odd names that must be
*read*: their titles (or abstract snippets) have to be in the graph.
"""

from __future__ import annotations

import os
import random
import shutil
import uuid
from pathlib import Path

__all__ = [
    "EXAMPLES",
    "DECODED_PAGES",
    "CUT_PAGE_TEXT",
    "UNREADABLE_DIR",
    "PWNED_MARKER",
    "can_make_unreadable",
    "make_hostile_folder",
]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"

#: The YAML payload would create this file if a loader ever ran `!!python/object` tags.
PWNED_MARKER = Path(f"/tmp/pwned-{uuid.uuid4().hex}")

UNREADABLE_DIR = "locked folder"

# --------------------------------------------------------------------------- good pages in odd dress

_PROFILE_LATIN1 = """Jürgen Müller

LG
h-index12
30papers
1,204citations

30 Papers

LGApr 2, 2024Code
Robust Federated Averaging under Heavy-Tailed Client Noise in Zürich Hospitals

Jürgen Müller, Anaïs Lefèvre · eth-zurich

Federated learning across hospitals faces clients whose gradients are heavy-tailed. We replace the mean in federated averaging with a coordinate-wise trimmed estimator and prove convergence under bounded second moments; on records from five Zürich hospitals the method keeps accuracy when a fifth of the clients are noisy.

CLNov 20, 2023
Dialect Identification for Swiss German Broadcasts

Jürgen Müller, Beat Zürcher · eth-zurich

Swiss German has no standard orthography, which makes dialect identification from transcripts hard. We release a corpus of broadcast speech from Zürich, Bern and Basel with dialect labels and show that a small acoustic model beats text-based classifiers by a wide margin.
"""

_DAILY_UTF16_BOM = """Daily Papers

Apr 9

Latent Sketches for Controllable Image Editing

We condition a diffusion editor on coarse latent sketches drawn by the user instead of text prompts, which gives precise control of layout while keeping the identity of the edited subject. A user study prefers our edits in most comparisons against prompt-based editors.

  • 5 authors
·
Apr 8, 2024

Token Merging for Streaming Video Diffusion

Video diffusion models spend most of their compute on redundant tokens across frames. We merge similar tokens across time on the fly and unmerge them before decoding, speeding up streaming generation threefold at equal quality on two benchmarks.

  • 7 authors
·
Apr 7, 2024
"""

_ABSTRACTS_UTF16_NOBOM = """Reading list
Abstract:Curriculum schedules for reinforcement learning from human feedback are usually fixed in advance. We learn a schedule that orders preference comparisons by their estimated difficulty and show that it reaches the same reward-model accuracy with forty percent fewer labels.
Abstract:Sparse autoencoders recover interpretable features from language model activations, but their dictionaries differ across random seeds. We measure feature stability across seeds and propose an alignment procedure that matches most features between runs.
"""

_PROFILE_NONASCII_NAME = """Ingrid Søndergaard

CV
h-index9
22papers

22 Papers

CVJan 5, 2024Code
Self-Supervised Depth from Rolling-Shutter Video

Ingrid Søndergaard, Tomás Ibáñez · dtu

Rolling-shutter cameras distort fast motion, which breaks the photometric losses used to learn depth without labels. We model the shutter explicitly in the warping step and learn depth and ego-motion jointly, improving accuracy on fast driving sequences.

CVAug 14, 2023
Event Cameras for Low-Light Optical Flow

Ingrid Søndergaard, Lukas Weiß · dtu

Optical flow from frame cameras fails in low light. We fuse an event camera with a frame camera in a recurrent estimator and show that flow error drops by half on night-time driving sequences.
"""

#: file name -> a text fragment (a title or abstract snippet) that must be in graph.ttl.
DECODED_PAGES: dict[str, str] = {
    "profile latin1.txt": "Robust Federated Averaging under Heavy-Tailed Client Noise in Zürich Hospitals",
    "daily-utf16-bom.txt": "Latent Sketches for Controllable Image Editing",
    "abstracts-utf16-nobom.txt": "Sparse autoencoders recover interpretable features",
    "página de autor ü.txt": "Self-Supervised Depth from Rolling-Shutter Video",
}

#: Text near the end of the page cut inside a UTF-8 character: decoded as UTF-8, kept.
CUT_PAGE_TEXT = "Zürich, München, Genève and Kraków"

# --------------------------------------------------------------------------- bad files

_PROSE = """My notes for the reading group

We should talk about whether scaling laws hold for retrieval-augmented models, and
whether anybody has tried the new tokenizer on code. Bring snacks. The room is booked
from three to five, and the projector needs the usual adapter.
"""

_HTML = """<!DOCTYPE html>
<html><head><title>Papers</title><script>alert("x")</script></head>
<body><div class="paper"><h1>Attention Is All You Need</h1>
<p>Abstract: The dominant sequence transduction models are based on complex recurrent networks.</p>
</div></body></html>
"""

_YAML_EXPLOIT = f"""- type: model
  name: Evil
  organization: !!python/object/apply:os.system ["touch {PWNED_MARKER}"]
  created_date: 2023-01-01
"""

_BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>ArXiv Query</title>
  <entry>
    <id>http://arxiv.org/abs/2401.00001v1</id>
    <title>&lol9;</title>
    <summary>&lol9;</summary>
    <published>2024-01-01T00:00:00Z</published>
    <author><name>Laughing Man</name></author>
  </entry>
</feed>
"""


def _png_bytes(rng: random.Random) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.getrandbits(8) for _ in range(4096))


def _cut_listing() -> bytes:
    """The example arXiv listing cut off in the middle of a record's abstract, inside a character."""
    text = (EXAMPLES / "listing-safety.txt").read_text(encoding="utf-8")
    cut = text.index("Calibration of large language models")
    text = text[: cut + 120] + f" (data from {CUT_PAGE_TEXT}: Łódź"
    return text.encode("utf-8")[:-1]  # the last byte of "ź" is missing


def can_make_unreadable() -> bool:
    """chmod 000 only hides a folder from a non-root user."""
    return hasattr(os, "geteuid") and os.geteuid() != 0


def make_hostile_folder(path: str | os.PathLike[str]) -> dict[str, str]:
    """Write every hostile file into `path` next to copies of examples/pages/*.

    Returns {file name (relative to `path`): reason fragment expected on its stderr line}.
    Files in `DECODED_PAGES` are written too; they must be read, not skipped.
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240501)
    for page in sorted(EXAMPLES.iterdir()):
        shutil.copyfile(page, root / page.name)

    # good pages in other encodings and under awkward names
    (root / "profile latin1.txt").write_bytes(_PROFILE_LATIN1.encode("latin-1"))
    (root / "daily-utf16-bom.txt").write_bytes(b"\xff\xfe" + _DAILY_UTF16_BOM.encode("utf-16-le"))
    (root / "abstracts-utf16-nobom.txt").write_bytes(_ABSTRACTS_UTF16_NOBOM.encode("utf-16-le"))
    (root / "página de autor ü.txt").write_text(_PROFILE_NONASCII_NAME, encoding="utf-8")

    expected: dict[str, str] = {}

    def bad(name: str, data: bytes | str, reason: str) -> None:
        target = root / name
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
        expected[name] = reason

    bad("empty.txt", b"", "empty")
    bad("random.bin", bytes(rng.getrandbits(8) for _ in range(8192)) + b"\x00" * 64, "binary")
    bad("random no NUL.dat", bytes(rng.randrange(1, 256) for _ in range(8192)), "binary")
    bad("image.png", _png_bytes(rng), "binary")
    bad("long line.txt", ("lorem ipsum dolor sit amet " * 250_000)[: 6 * 2**20], "not in any supported layout")
    # spaces then one letter: quadratic (hours) in the head-line and author-count regexes before
    bad("long blank line.txt", " " * (6 * 2**20) + "x\n", "not in any supported layout")
    bad("prose no layout.txt", _PROSE, "not in any supported layout")
    bad("page.html", _HTML, "not in any supported layout")
    bad("wrong-shape-object.json", '{"foo": 1}\n', "not in any supported layout")
    bad("wrong-shape-array.json", "[1, 2, 3]\n", "not in any supported layout")
    bad("exploit.yaml", _YAML_EXPLOIT, "python/object")
    bad("billion-laughs.xml", _BILLION_LAUGHS, "entit")
    bad("listing cut off.txt", _cut_listing(), "truncated")

    os.symlink(root / "does-not-exist.txt", root / "dangling link.txt")
    expected["dangling link.txt"] = "cannot read"

    if can_make_unreadable():
        locked = root / UNREADABLE_DIR
        locked.mkdir()
        (locked / "inside.txt").write_text(_PROSE, encoding="utf-8")
        locked.chmod(0)
        expected[UNREADABLE_DIR] = "cannot list folder"
        sub = root / "some readable folder"
        sub.mkdir()
        (sub / "secret page.txt").write_text(_PROSE, encoding="utf-8")
        (sub / "secret page.txt").chmod(0)
        expected["some readable folder/secret page.txt"] = "cannot read"
    return expected

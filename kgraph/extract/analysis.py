"""One pass over one text: vocabulary hits, name-shaped tokens and the cues around them.

The artifact and organization extractors both read this analysis, so a text is
scanned once however many of them run (the result is cached per text and
vocabulary). The steps, in order:

1. blank out URLs; find vocabulary hits (one Aho–Corasick pass) and extend model
   families with version suffixes ("Claude" + " 3.5 Sonnet");
2. collect candidate names the vocabulary does not know: name-shaped tokens,
   "(SHORT)" acronyms after a long form, "Org X" and "Org's X";
3. decide each candidate's kind and role from cues: introduction verbs,
   appositions, head nouns, evaluation contexts, coordination with known names;
4. keep only confirmed candidates; weak vocabulary words need a cue too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kgraph import schema
from kgraph.extract import patterns as P
from kgraph.extract.vocabulary import Entry, Vocabulary
from kgraph.text import artifact_key


@lru_cache(maxsize=8192)
def fast_key(name: str) -> str:
    """`artifact_key`, remembered: the same names recur in text after text."""
    return artifact_key(name)


__all__ = ["Candidate", "OrgHit", "Dependency", "Analysis", "analyze"]

ARTIFACT_KINDS = schema.ARTIFACT_KINDS
_FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "to", "via", "with", "in", "on", "a", "an", "from", "by"})
_LONG_HEADS = frozenset({"benchmark", "dataset", "corpus", "suite", "model", "models", "challenge"})
_APPOSITION_START = frozenset(",:(-—–")
_APPOSITION_WORDS = (" (", " a ", " an ", " the", " our", " is ", " as ", " whi", " -", " —", " –")
_APPOSITION = re.compile(r"^\s*(?:\([^()]{0,80}\))?\s*(?:,|:|--|—|–|-)?\s*(?:(?:is|as|which is)\s+)?(?:a|an|the|our)\s")
_NEWNESS = re.compile(r"^[^.;]{0,40}\b(?:new|novel|our|first)\b")
_WORD = re.compile(r"[A-Za-z][\w'-]*|\S")
_NO_TOKEN_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
_TITLE_RUN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][\w-]*)*")


@dataclass(slots=True)
class Candidate:
    """A possible artifact name, with what the cues decided about it."""

    start: int
    end: int
    name: str
    source: str  # vocabulary | shape | short | title | org-prefix | possessive
    entry: Entry | None = None
    weak: bool = False
    anchor: int = -1  # where its long form starts, for "(SHORT)" names
    kind: str | None = None
    role: str = "uses"
    rule: str = ""
    confidence: float = 0.0
    org: str | None = None  # developer stated in the text
    org_span: tuple[int, int] | None = None

    key: str = ""

    def __post_init__(self) -> None:
        self.key = fast_key(self.name)

    @property
    def confirmed(self) -> bool:
        return self.kind is not None and self.kind != "reject"


@dataclass
class OrgHit:
    start: int
    end: int
    name: str
    entry: Entry | None
    weak: bool
    confirmed: bool = False
    rule: str = "vocabulary"


@dataclass
class Dependency:
    subject: Candidate
    object: Candidate
    start: int
    end: int


@dataclass
class Analysis:
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    orgs: list[OrgHit] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)


# ---------- step 1: vocabulary ----------


def _mask_urls(text: str) -> str:
    if "http" not in text and "www." not in text:
        return text
    return P.URL.sub(lambda m: " " * (m.end() - m.start()), text)


def _extend_version(masked: str, end: int) -> int:
    m = P.VERSION_SUFFIX.match(masked, end)
    return m.end() if m else end


# ---------- step 2: candidates ----------


def _long_form_start(masked: str, paren_start: int, floor: int) -> int:
    """Start of the capitalised long form before "(SHORT)", or -1 when there is none."""
    words = list(_WORD.finditer(masked, max(floor, paren_start - 140), paren_start))
    start, caps = -1, 0
    for m in reversed(words):
        w = m.group(0)
        if w[0].isupper():
            start, caps = m.start(), caps + 1
        elif w in _FUNCTION_WORDS or w.lower() in _LONG_HEADS:
            continue
        else:
            break
    return start if caps >= 2 else -1


def _collect(
    masked: str, vocab: Vocabulary, bounds: list[int], in_title: bool, hits: list, cues: list
) -> tuple[list[Candidate], list[OrgHit]]:
    n = len(masked)
    cands: list[Candidate] = []
    orgs: list[OrgHit] = []
    taken = bytearray(n + 1)
    for h in hits:
        if h.entry.kind == "organization":
            orgs.append(OrgHit(h.start, h.end, h.surface, h.entry, h.weak))
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
            continue
        end = _extend_version(masked, h.end) if h.entry.kind in ("model", "dataset", "benchmark") else h.end
        cands.append(Candidate(h.start, end, masked[h.start:end], "vocabulary", h.entry, h.weak))
        taken[h.start : end] = b"\x01" * (end - h.start)

    def is_taken(s: int) -> bool:
        return taken[s] == 1

    for s, tok in P.cap_tokens(masked):
        if taken[s] or (s > 0 and masked[s - 1] in _NO_TOKEN_BEFORE):
            continue
        if not tok.endswith("++"):
            tok = tok.rstrip(".-+")
        tok = P.strip_generic_suffix(tok)
        if P.is_name_shaped(tok):
            end = _extend_version(masked, s + len(tok))
            cands.append(Candidate(s, end, masked[s:end], "shape"))
    # "the General Social Survey": a capitalised phrase ending in a data head noun (not in titles,
    # where every word is capitalised)
    if not in_title:
        for cue in cues:
            if cue[0] != "collection" or not masked[cue[1]].isupper():
                continue
            m = P.COLLECTION_BACK.search(masked, max(0, cue[1] - 80), cue[1])
            if not m:
                continue
            s, end = m.start(1), cue[2]
            words = masked[s:end].split()
            while words and words[0] in ("The", "A", "An", "Our", "This", "We", "In", "On"):
                s = masked.index(words[1], s + len(words[0])) if len(words) > 1 else end
                words = words[1:]
            if len(words) < 2 or is_taken(s) or (s > 0 and masked[s - 1] == "("):
                continue
            sent_start, _ = P.sentence_of(bounds, s, n)
            if s == sent_start and words[0].lower() in P.SENTENCE_OPENERS:
                continue
            cands = [c for c in cands if not (s <= c.start < end)]
            c = Candidate(s, end, masked[s:end], "phrase")
            c.kind = P.word_kind(words[-1].lower())
            c.rule, c.confidence = "named-collection", 0.6
            cands.append(c)
            taken[s:end] = b"\x01" * (end - s)
    # "(SHORT)" after a long form: the short is the name, the long form its anchor
    for m in P.PAREN.finditer(masked):
        short = m.group(1)
        if short in P.GENERIC_ACRONYMS or not (P.is_name_shaped(short) or short.isupper()):
            continue
        sent_start, _ = P.sentence_of(bounds, m.start(), n)
        anchor = _long_form_start(masked, m.start(), sent_start)
        if anchor < 0:
            continue
        cands = [c for c in cands if not (anchor <= c.start < m.start() and c.source in ("shape", "phrase"))]
        existing = next((c for c in cands if c.start == m.start(1)), None)
        if existing is not None:
            existing.anchor = anchor
        else:
            cands.append(Candidate(m.start(1), m.end(1), short, "short", anchor=anchor))
    # "Org X" and "Org's X": the organization vouches for the name after it
    for o in orgs:
        tail = masked[o.end : o.end + 60]
        pm = P.POSSESSIVE.match(tail)
        offset = o.end + (pm.end() if pm else 0)
        if not pm and not tail.startswith(" "):
            continue
        if not pm:
            offset += 1
        nxt = next((c for c in cands if c.start == offset), None)
        if nxt is None:
            tm = P.NEXT_NAME.match(masked, offset)
            if not tm:
                continue
            tok = P.strip_generic_suffix(tm.group(0))
            if not pm and not P.is_name_shaped(tok) and not _TITLE_RUN.fullmatch(tok):
                continue
            if masked[offset : offset + len(tok)].lower() in P.NON_NAMES:
                continue
            end = _extend_version(masked, offset + len(tok))
            nxt = Candidate(offset, end, masked[offset:end], "possessive" if pm else "org-prefix")
            cands.append(nxt)
        if nxt.source == "shape":
            nxt.source = "possessive" if pm else "org-prefix"
        nxt.org, nxt.org_span = o.name, (o.start, o.end)
        o.confirmed = o.confirmed or bool(pm) or nxt.source == "vocabulary" or (
            nxt.entry is not None and nxt.entry.organization is not None
            and fast_key(nxt.entry.organization) == fast_key(o.entry.name if o.entry else o.name)
        )
        if pm:
            o.rule = "possessive"
    cands.sort(key=lambda c: c.start)
    return cands, orgs


# ---------- step 3: cues ----------


_NEXT_WORD = re.compile(r"\s+(training\s+)?(data set|test set|[A-Za-z]+)\b")


def _immediate_head(masked: str, c: Candidate) -> str | None:
    m = _NEXT_WORD.match(masked, c.end, c.end + 30)
    if not m:
        return None
    if m.group(1) and c.entry is not None:
        return None  # "the LLaMA training dataset" is about LLaMA's data, not a new name
    return P.word_kind(m.group(2).lower())


def _apposition_kind(masked: str, c: Candidate, limit: int) -> tuple[str | None, bool]:
    head = masked[c.end : c.end + 4]
    if not head or not (head[0] in _APPOSITION_START or head.startswith(_APPOSITION_WORDS)):
        return None, False  # cheap pre-check: most names are not followed by an apposition
    after = masked[c.end : min(limit, c.end + 240)]
    m = _APPOSITION.match(after)
    if not m:
        return None, False
    rest = after[m.end() :]
    return P.head_kind(rest), bool(_NEWNESS.match(after[m.start() :]))


def _first_object(cands: list[Candidate], pos: int, limit: int) -> Candidate | None:
    for c in cands:
        anchor = c.anchor if c.anchor >= 0 else c.start
        if anchor < pos:
            continue
        if anchor >= limit or anchor - pos > 120:
            return None
        return c
    return None


_OWN_SUBJECT = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Tt]hese|[Tt]his|[Ii]t|[Tt]hey)\b")
_NAMING_GAP = re.compile(r"\s*(?:(?:it|them|this|these|the|our|as)\s+)?[\"'“]?\s*")
_GAP_STOP = re.compile(r"\b(?:that|which|where|to|on|from|by|using|with|in|based|whether|how|what|evidence|results)\b|[.;]")
_TITLE_OBJECT = re.compile(r"\s+([A-Z][a-z]+[A-Za-z0-9]*)(?=,?\s+(?:a|an)\s|\s\()")


def _title_object(masked: str, cands: list[Candidate], pos: int, limit: int) -> Candidate | None:
    """A plain capitalised word right after an introduction verb and before an apposition: "we introduce Voltron, a ..."."""
    m = _TITLE_OBJECT.match(masked, pos, limit)
    if not m:
        return None
    s = m.start(1)
    if any(c.start == s for c in cands):
        return None
    return Candidate(s, m.end(1), m.group(1), "title")


def _mark_intro(masked: str, cands: list[Candidate], bounds: list[int], title_hint: dict[str, str], cues: list) -> None:
    n = len(masked)
    for cue in cues:
        if cue[0] not in ("intro", "naming"):
            continue
        naming = cue[0] == "naming"
        if not naming and not masked[cue[1] : cue[2]].endswith("ing"):
            if not P.has_intro_subject(masked[max(0, cue[1] - 60) : cue[1]]):
                continue
        s, e = P.sentence_of(bounds, cue[1], n)
        c = _title_object(masked, cands, cue[2], e)
        if c is not None:
            cands.append(c)
            cands.sort(key=lambda x: x.start)
        else:
            c = _first_object(cands, cue[2], e)
            if c is None:
                continue
        anchor = c.anchor if c.anchor >= 0 else c.start
        gap = masked[cue[2] : anchor]
        if (_NAMING_GAP.fullmatch(gap) is None) if naming else _GAP_STOP.search(gap):
            continue
        kind = _immediate_head(masked, c)
        if kind is None:
            kind, _ = _apposition_kind(masked, c, e)
        if kind is None:
            before = masked[s : cue[1]] if naming else gap
            kind = P.last_head_kind(before)
        if kind is None:
            kind = P.suffix_kind(c.name) or title_hint.get(c.key)
        if kind is None and c.entry is not None:
            kind = c.entry.kind
        if kind is None or kind == "reject":
            if c.entry is None:
                c.kind = "reject"
            continue
        c.kind, c.role, c.rule, c.confidence = kind, "introduces", "naming" if naming else "introduction", 0.85


def _mark_title(title: str, cands: list[Candidate]) -> None:
    """ "X: A ... Dataset for ..." introduces X as a dataset (benchmark, model)."""
    th = title_kind_hint(title)
    if th is None:
        return
    name, kind = th
    for c in cands:
        if c.key == fast_key(name):
            c.kind, c.role, c.rule, c.confidence = kind, "introduces", "title", 0.8
            return
    start = title.find(name)
    cands.insert(0, Candidate(start, start + len(name), name, "title", kind=kind, role="introduces",
                              rule="title", confidence=0.8))


def _lead(c: Candidate) -> int:
    """Where a name's phrase starts: its maker ("Salesforce's XGen") or long form."""
    if c.org_span is not None:
        return c.org_span[0]
    return c.anchor if c.anchor >= 0 else c.start


def _chains(masked: str, cands: list[Candidate]) -> list[list[Candidate]]:
    """Runs of coordinated names: "X, Y, and Z", "X and Y", "(e.g. X, Y, Z)", "X/Y"."""
    runs: list[list[Candidate]] = []
    joins: list[list[bool]] = []  # per run: was each join a bare comma?
    for c in cands:
        if c.kind == "reject":
            runs.append([]), joins.append([])
            continue
        if runs and runs[-1]:
            prev = runs[-1][-1]
            gap = masked[prev.end : _lead(c)]
            if len(gap) <= 12 and P.COORD.match(gap):
                runs[-1].append(c)
                joins[-1].append(gap.strip() == ",")
                continue
        runs.append([c]), joins.append([])
    chains: list[list[Candidate]] = []
    for run, bare in zip(runs, joins):
        if not run:
            continue
        if len(run) == 1 or not bare[-1]:
            chains.append(run)
            continue
        # "X, Y" with no closing "and": a list only inside brackets or after "such as"/"e.g."
        after = masked[run[-1].end : run[-1].end + 2].lstrip()
        before = masked[max(0, _lead(run[0]) - 25) : _lead(run[0])]
        if after.startswith(")") or P.list_cue_head(before) is not None:
            chains.append(run)
            continue
        last_and = max((i for i, b in enumerate(bare) if not b), default=-1)
        chains.append(run[: last_and + 2])
        chains.extend([x] for x in run[last_and + 2 :])
    return chains


def _known_kind(c: Candidate) -> str | None:
    if c.kind and c.kind != "reject":
        return c.kind
    if c.entry is not None and not c.weak:
        return c.entry.kind
    return None


def _evaluated_on(masked: str, pos: int, floor: int) -> bool:
    """ "... evaluated on X", "+8% on X": a preposition right before, an evaluation word earlier in the sentence."""
    if not P.preposition_before(masked[max(0, pos - 16) : pos]):
        return False
    return P.EVAL_WORD.search(masked, floor, pos) is not None


def _mark_uses(masked: str, cands: list[Candidate], bounds: list[int], cues: list) -> None:
    n = len(masked)
    for c in cands:
        if c.kind is not None:
            continue
        head = _immediate_head(masked, c)
        if head and head != "reject":
            if c.entry is not None and c.entry.kind in ARTIFACT_KINDS and head in ("dataset", "benchmark") and c.entry.kind == "model":
                head = "model"
            c.kind, c.rule, c.confidence = (c.entry.kind if c.entry and not _conflicts(c.entry.kind, head) else head), "head-noun", 0.8
            continue
        if head == "reject":
            if c.entry is None or c.weak:
                c.kind = "reject"
                continue
        s, e = P.sentence_of(bounds, c.start, n)
        kind, new = _apposition_kind(masked, c, e)
        if kind and kind != "reject":
            c.kind, c.rule, c.confidence = (c.entry.kind if c.entry else kind), "apposition", 0.75
            if new:
                c.role = "introduces"
            continue
        if c.entry is not None and not c.weak:
            c.kind, c.rule, c.confidence = c.entry.kind, "vocabulary", 0.9
            continue
        if c.source in ("possessive",):
            c.kind, c.rule, c.confidence = (c.entry.kind if c.entry else "model"), "possessive", 0.7
            continue
        if c.entry is None and _PARAMETER_COUNT.search(c.name):
            # "Lantern-7B", "Foo 1.3B": a parameter count is what names a trained model
            c.kind, c.rule, c.confidence = "model", "parameter-count", 0.7
            continue
        if _evaluated_on(masked, c.start, max(s, c.start - 120)):
            if c.entry is None or c.entry.kind in ("dataset", "benchmark"):
                c.kind, c.rule, c.confidence = (c.entry.kind if c.entry else "dataset"), "evaluated-on", 0.7
    # coordination: unknown names take the kind of the known names they are listed with
    if all(c.kind is not None for c in cands):
        return
    for chain in _chains(masked, cands):
        if all(c.kind is not None for c in chain):
            continue
        kinds = [k for k in (_known_kind(c) for c in chain) if k]
        lead = _lead(chain[0])
        cue_head = P.list_cue_head(masked[max(0, lead - 60) : lead])
        cue_kind = P.word_kind(cue_head.lower()) if cue_head else None
        if cue_kind == "reject":
            cue_kind = None
        kind = cue_kind or (max(set(kinds), key=kinds.count) if kinds else None)
        if kind is None or (len(chain) < 2 and cue_kind is None):
            continue
        for c in chain:
            if c.kind is None:
                k = c.entry.kind if c.entry is not None else kind
                sk = P.suffix_kind(c.name) if c.entry is None else None
                if sk and not _conflicts(k, sk):
                    k = sk
                c.kind, c.rule, c.confidence = k, "listed-with", 0.6
                if any(x.role == "introduces" for x in chain) and c.source != "vocabulary":
                    c.role = "introduces"


def _conflicts(vocab_kind: str, cue_kind: str) -> bool:
    fam = {"dataset": "d", "benchmark": "d", "model": "m", "application": "m", "artifact": "a"}
    return fam.get(vocab_kind) != fam.get(cue_kind) and vocab_kind != "artifact"


@lru_cache(maxsize=4096)
def _base(key_name: str) -> str:
    """A name without its version: "Brook-V2" -> "Brook", "Foo-7B" -> "Foo"."""
    m = _VERSION_TAIL.search(key_name)
    return key_name[: m.start()] if m and m.start() >= 3 else key_name


_PARAMETER_COUNT = re.compile(r"[- ]\d+(?:\.\d+)?[BM]$")
_UMBRELLA_HEAD = re.compile(r"\s+(?:datasets?|models?|family|corpora|suite|benchmarks?)\b")
_VERSION_TAIL = re.compile(r"(?:[- ]?(?:v|V)?\d+(?:\.\d+)*[A-Za-z]?)+$")


def _mark_family(masked: str, cands: list[Candidate]) -> None:
    """Versions, siblings and the umbrella name of an introduced name are introduced too
    ("Brook-V1" introduced: "Brook-V2" and "the Brook datasets" as well)."""
    intro = [c for c in cands if c.role == "introduces" and c.confirmed]
    if not intro:
        return
    keys = {c.key: c for c in intro}
    bases = {fast_key(_base(c.name)): c for c in intro}
    for c in cands:
        if c.role == "introduces" or len(c.key) < 4:
            continue
        if c.source not in ("vocabulary", "shape", "short", "phrase"):
            continue
        src = next((x for k, x in keys.items() if len(k) >= 4 and (k.startswith(c.key) or c.key.startswith(k))), None)
        if src is None and c.source != "vocabulary" and (c.name[-1].isdigit() or c.name[-1] in "BMV"):
            src = bases.get(fast_key(_base(c.name)))
        if src is None:
            continue
        if c.kind == "reject" or (c.kind is not None and _conflicts(c.kind, src.kind)):
            continue
        c.kind, c.role, c.rule, c.confidence = src.kind, "introduces", "family", 0.6
    # the bare umbrella name before a head noun: "the Brook datasets"
    for c in intro:
        base = _base(c.name)
        if base == c.name or len(base) < 4 or not base[0].isupper():
            continue
        i = masked.find(base + " ")
        while i >= 0:
            j = i + len(base)
            if _UMBRELLA_HEAD.match(masked, j) and (i == 0 or not masked[i - 1].isalnum()):
                if not any(x.start == i for x in cands):
                    cands.append(Candidate(i, j, base, "family", kind=c.kind, role="introduces",
                                           rule="family", confidence=0.6))
            i = masked.find(base + " ", j)
    cands.sort(key=lambda x: x.start)


# ---------- organizations ----------


def _confirm_orgs(masked: str, orgs: list[OrgHit], cands: list[Candidate]) -> None:
    strong = [o for o in orgs if not o.weak]
    for o in orgs:
        if not o.weak:
            o.confirmed = True
            continue
        if o.confirmed:
            continue
        if P.preposition_before(masked[max(0, o.start - 16) : o.start], P.BY_WORDS):
            o.confirmed, o.rule = True, "by-organization"
            continue
        if re.match(r"\s+(?:AI|Inc\.?|Labs?|Research)\b", masked[o.end : o.end + 10]):
            o.confirmed, o.rule = True, "organization-suffix"
            continue
        if any(abs(s.start - o.end) <= 6 or abs(o.start - s.end) <= 6 for s in strong):
            o.confirmed, o.rule = True, "listed-with"


def _dependencies(masked: str, cands: list[Candidate], bounds: list[int], cues: list) -> list[Dependency]:
    out: list[Dependency] = []
    ok = [c for c in cands if c.confirmed]
    if not ok:
        return out
    intro = [c for c in ok if c.role == "introduces"]
    n = len(masked)
    for cue in cues:
        if cue[0] not in ("dep", "dep-rev"):
            continue
        s, e = P.sentence_of(bounds, cue[1], n)
        before = [c for c in ok if s <= c.start < cue[1]]
        after = [c for c in ok if cue[2] <= _lead(c) < e]
        if not after:
            continue
        # the objects: the first name after the cue and the names listed with it
        objs = [after[0]]
        for c in after[1:]:
            gap = masked[objs[-1].end : _lead(c)]
            if len(gap) <= 12 and P.COORD.match(gap):
                objs.append(c)
            else:
                break
        if before:
            subjects = before[-1:]
        elif _OWN_SUBJECT.search(masked, s, cue[1]):
            subjects = intro  # "these datasets have been used to train X", "our model is built on X"
        else:
            continue
        for subj in subjects:
            for obj in objs:
                if subj.key == obj.key:
                    continue
                pair = (obj, subj) if cue[0] == "dep-rev" else (subj, obj)
                out.append(Dependency(pair[0], pair[1], cue[1], cue[2]))
    return out


def _unify(cands: list[Candidate]) -> None:
    """One name, one kind and role per text: the introduction (or the surest cue) decides."""
    best: dict[str, Candidate] = {}
    for c in cands:
        if not c.confirmed:
            continue
        b = best.get(c.key)
        if b is None or (c.role == "introduces", c.confidence) > (b.role == "introduces", b.confidence):
            best[c.key] = c
    for c in cands:
        if c.confirmed:
            b = best[c.key]
            c.kind, c.role = b.kind, b.role


# ---------- entry point ----------


@lru_cache(maxsize=256)
def analyze(text: str, vocab: Vocabulary, title: str = "", in_title: bool = False) -> Analysis:
    """Candidates, organizations and dependencies of one text (cached: extractors share it)."""
    masked = _mask_urls(text)
    hits, cues = vocab.scan(masked)
    bounds = P.sentence_bounds(masked)
    cands, orgs = _collect(masked, vocab, bounds, in_title, hits, cues)
    if not cands and not orgs and not any(c[0] in ("intro", "naming") for c in cues):
        return Analysis(text)
    hint: dict[str, str] = {}
    if title:
        th = title_kind_hint(title)
        if th:
            hint[fast_key(th[0])] = th[1]
    if in_title:
        _mark_title(masked, cands)
    _mark_intro(masked, cands, bounds, hint, cues)
    _mark_uses(masked, cands, bounds, cues)
    _mark_family(masked, cands)
    _confirm_orgs(masked, orgs, cands)
    for c in cands:
        if c.confirmed and c.org_span is not None:
            for o in orgs:
                if (o.start, o.end) == c.org_span:
                    o.confirmed = True
    _unify(cands)
    deps = _dependencies(masked, cands, bounds, cues)
    return Analysis(text, [c for c in cands if c.confirmed], [o for o in orgs if o.confirmed], deps)


def title_kind_hint(title: str) -> tuple[str, str] | None:
    """(name, kind) when a title reads "X: A ... Dataset/Benchmark/Model ..."."""
    m = P.TITLED_DATASET.match(title or "")
    if not m:
        return None
    kind = P.head_kind(m.group(2).split()[-1])
    return (m.group(1), kind) if kind and kind != "reject" else None

"""Cue patterns: the language around a name that says what it is and whose it is.

Everything here is a precompiled regex or a small frozen set, so extraction is
a handful of C-level scans per text. No pattern names a particular artifact:
they describe shapes of names ("OpinionsQA", "GPT2-1.5B", "BIG-bench"),
introduction verbs ("we release X"), appositions ("X, a new benchmark"),
evaluation contexts ("evaluated on X and Y") and head nouns ("the X dataset").
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = [
    "URL", "CAP_TOKEN", "NEXT_NAME", "VERSION_SUFFIX", "PAREN", "TITLED_DATASET", "POSSESSIVE", "COORD", "EVAL_WORD",
    "COLLECTION_BACK", "CUES", "GENERIC_ACRONYMS", "NON_NAMES", "SENTENCE_OPENERS",
    "is_name_shaped", "strip_generic_suffix", "head_kind", "last_head_kind", "word_kind", "suffix_kind",
    "has_intro_subject", "preposition_before", "list_cue_head", "sentence_bounds", "sentence_of", "cap_tokens",
]

# ---------- text pieces ----------

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]", re.I)


# What may follow a family name as a version: "-V2", "-175B", " 3.5", " v2.1",
# "-turbo", " 3 Opus", "-7B-Instruct", "-2-72B", "-X".
_TIER = (r"(?:Pro|Ultra|Opus|Sonnet|Haiku|Instruct|Chat|Turbo|Flash|Mini|Nano|Large|Base|Small|Medium|"
         r"XL|XXL|Lite|Plus|Max|Preview|Vision|Coder|Code|Math|HQ|V\d+)")
_LOWER_TIER = r"(?:turbo|instruct|chat|base|large|small|medium|mini|nano|preview|pro|xl|xxl|lite|plus|hf|it|v\d+(?:\.\d+)*)"
VERSION_SUFFIX = re.compile(
    r"(?:"
    r"-(?:v?\d+(?:\.\d+)*[A-Za-z]?|\d+(?:\.\d+)?[BMKT]|\d+x\d+[BM]|" + _TIER + r"|" + _LOWER_TIER + r"|[A-Z]{1,2})(?![\w-])"
    r"|-(?:v?\d+(?:\.\d+)*[A-Za-z]?|\d+(?:\.\d+)?[BMKT]|" + _TIER + r"|" + _LOWER_TIER + r")(?=-)"
    r"| (?:v\d+(?:\.\d+)*|\d+(?:\.\d+)?[BMT]|\d+(?:\.\d+)?(?= [A-Z]| ?\()|\d\.\d+|\d+x\d+B|" + _TIER + r")(?![\w-])"
    r")+"
)

# Hyphenated tails that make a compound adjective, not part of a name: "GPT-4-based".
_GENERIC_TAIL = re.compile(r"(?:-[a-z][a-z-]*)+$")
_NAME_TAILS = frozenset({"bench", "hq", "turbo", "instruct", "chat", "base", "large", "small", "mini", "xl",
                         "lm", "net", "gen", "eval", "qa", "v", "it", "hf", "pro", "lite", "plus", "coder", "math"})

#: Acronyms and capitalised words that are never artifact names by themselves.
GENERIC_ACRONYMS = frozenset("""
AI AGI ML NLP NLU NLG LLM LM VLM MLLM LMM RM SLM PLM MT QA VQA ASR TTS OCR CV RL RLHF RLAIF DPO PPO SFT IFT ICL
COT CoT RAG KG KGs GNN CNN RNN LSTM GRU MLP GAN VAE SNN ANN DNN NN SSM MoE ViT API APIs GPU GPUs CPU CPUs TPU TPUs
IO HBM RAM SOTA SoTA US USA UK EU UN PhD MSc BSc II III IV VI HCI AR VR XR NER POS SRL RE IE IR MRC NLI
ID OOD IID KL MSE MAE RMSE AUC ROC BLEU ROUGE METEOR FID IS CLIPScore PSNR SSIM LPIPS ELO TL DR TLDR FAQ
UDA DA IRL BC MDP POMDP PDE ODE SDE MCMC EM SGD ADAM AdamW LoRA QLoRA PEFT KV FLOPs FLOP GFLOPs TFLOPs
A100 H100 V100 A6000 RTX TPUv4 TPUv3 CUDA JAX SQL HTML JSON XML PDF URL URLs HTTP
EHR EHRs ICU MRI CT ECG EEG DNA RNA PPI
ES FR DE ZH JA OK TV PC IoT UAV UAVs GPS LiDAR RGB RGBD
LLMs LMs VLMs MLLMs RMs NNs GNNs CNNs RNNs GANs VAEs SSMs AIs PLMs SLMs
""".split())

_CAPS = re.compile(r"[A-Z]")
_DIGIT = re.compile(r"\d")
_TITLE_COMPOUND = re.compile(r"[A-Z]?[a-z]+(?:-[A-Z]?[a-z]+)+")


def strip_generic_suffix(token: str) -> str:
    """Drop adjective tails: "GPT-4-based" -> "GPT-4", keep name tails: "BIG-bench"."""
    if "-" not in token:
        return token
    m = _GENERIC_TAIL.search(token)
    if not m:
        return token
    parts = m.group(0).strip("-").split("-")
    keep = []
    for p in parts:
        if p in _NAME_TAILS or re.fullmatch(r"v?\d", p):
            keep.append(p)
        else:
            break
    base = token[: m.start()]
    return base + "".join("-" + p for p in keep) if keep else base


def is_name_shaped(token: str) -> bool:
    """Looks like a coined name: CamelCase, acronym, digits with capitals, capitalised hyphen parts."""
    if len(token) < 2 or token in GENERIC_ACRONYMS:
        return False
    if token.endswith("s") and token[:-1] in GENERIC_ACRONYMS:
        return False
    if token.isdigit():
        return False
    caps = len(_CAPS.findall(token))
    if caps >= 2:
        # "Text-To-Image", "Chain-Enhanced": capitalised words joined by hyphens are a compound, not a name
        return not _TITLE_COMPOUND.fullmatch(token)
    if caps >= 1 and _DIGIT.search(token):
        return not re.fullmatch(r"[A-Z]\d{1,4}", token) or len(token) <= 3
    return False


# ---------- introduction ----------


# "(SHORT)" after a name or long form.
PAREN = re.compile(r"\(([A-Z][\w.+-]*(?:[ -][A-Za-z0-9][\w.+-]*)?)\)")

# Title "X: A ... Dataset for ..." / "X: A Benchmark ..." introduces X.
TITLED_DATASET = re.compile(
    r"^\s*([A-Z][\w.+-]*(?:[ -][A-Z0-9][\w.+-]*){0,3})\s*:\s*(?:An?|The)\s+"
    r"(?:(?!(?:of|for|with|in|on|to|from|and)\b)[\w-]+\s+){0,5}?"
    r"(Dataset|Benchmark|Corpus|Suite|Testbed|Test Suite|Collection|Model|Language Model|Foundation Model|Architecture)s?\b"
)

# ---------- head nouns ----------

_DATASET_HEADS = {
    "dataset": "dataset", "datasets": "dataset", "data set": "dataset", "corpus": "dataset", "corpora": "dataset",
    "collection": "dataset", "database": "dataset", "treebank": "dataset", "test set": "dataset",
    "survey": "dataset", "data": "dataset", "reproduction": "dataset",
    "benchmark": "benchmark", "benchmarks": "benchmark", "suite": "benchmark", "testbed": "benchmark",
    "leaderboard": "benchmark", "evaluation suite": "benchmark", "challenge": "benchmark",
}
_MODEL_HEADS = {
    "model": "model", "models": "model", "llm": "model", "llms": "model", "lm": "model", "lms": "model",
    "architecture": "model", "network": "model", "transformer": "model", "encoder": "model", "decoder": "model",
    "checkpoint": "model", "checkpoints": "model", "family": "model", "classifier": "model", "backbone": "model",
    "vlm": "model", "foundation model": "model", "chatbot": "model",
}
_REJECT_HEADS = {
    "framework", "method", "approach", "algorithm", "technique", "loss", "objective", "strategy", "system",
    "engine", "library", "toolkit", "tool", "pipeline", "metric", "attack", "procedure", "protocol", "platform",
    "paradigm", "scheme", "mechanism", "recipe", "environment", "simulator", "interface", "compiler", "package",
    "prompting", "decoding", "policy", "agent", "agents", "score", "measure", "theory", "principle", "task",
    "methodology", "analysis", "taxonomy", "formulation", "module", "layer", "optimizer", "estimator",
    "regularizer", "sampler", "software", "api", "service", "workflow", "process", "program",
    "programming", "vulnerability", "phenomenon", "problem", "setting", "game", "principles", "guidelines",
}
HEAD_WORD = re.compile(
    r"\b(data set|test set|evaluation suite|foundation model|[A-Za-z]+)\b"
)
_STOP_CLAUSE = re.compile(r"[.;]|\b(?:that|which|where|who|whose|while|but|whereas)\b")
# "... approach to pretraining a ... model", "framework for ... representation learning"
TRAINS_MODEL = re.compile(
    r"\b(?:pre-?train(?:s|ing)?|train(?:s|ing)?|learn(?:s|ing)?)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,5}?(?:models?|representations?|networks?)\b"
    r"|\brepresentation learning\b"
)


def word_kind(w: str) -> str | None:
    """Kind a single lower-case head word names ("dataset" -> dataset), "reject", or None."""
    if w in _DATASET_HEADS:
        return None if w == "data" else _DATASET_HEADS[w]
    if w in _MODEL_HEADS:
        return _MODEL_HEADS[w]
    return "reject" if w in _REJECT_HEADS else None


def head_kind(window: str, *, max_words: int = 14) -> str | None:
    """Kind named by the first head noun of a noun phrase: dataset/benchmark/model, "reject", or None."""
    stop = _STOP_CLAUSE.search(window)
    clause = window[: stop.start()] if stop else window
    for i, m in enumerate(HEAD_WORD.finditer(clause)):
        if i >= max_words:
            break
        w = m.group(1).lower()
        if w in _DATASET_HEADS:
            return _DATASET_HEADS[w]
        if w in _MODEL_HEADS:
            return _MODEL_HEADS[w]
        if w in _REJECT_HEADS:
            if w in ("approach", "framework", "method") and TRAINS_MODEL.search(window[:220]):
                return "model"
            return "reject"
    return None


def last_head_kind(window: str) -> str | None:
    """Kind of the last head noun before a name ("a new benchmark, X", "loss functions called X")."""
    found = None
    for m in HEAD_WORD.finditer(window):
        w = m.group(1).lower()
        if w in ("data",):
            continue
        if w in _DATASET_HEADS:
            found = _DATASET_HEADS[w]
        elif w in _MODEL_HEADS:
            found = _MODEL_HEADS[w]
        elif w in _REJECT_HEADS:
            found = "reject"
    return found


# Name endings that say what the name is.
_SUFFIX_KIND = re.compile(
    r"(?P<b>Bench|bench|QA|Eval|Set|Corpus|Arena|Suite|Instruct-\d+K|-\d+[KM]$)$|(?P<m>LM|GPT|BERT|Net|former|Former|"
    r"Diffusion|CLIP|-\d+(?:\.\d+)?[BM]|LLaMA|Llama|T5|ViT|VLM|Coder)$"
)


def suffix_kind(name: str) -> str | None:
    m = _SUFFIX_KIND.search(name)
    if not m:
        return None
    return "benchmark" if m.group("b") else "model"


# ---------- use ----------

# Evaluation words (anywhere earlier in the sentence) and the preposition right before a name.
EVAL_WORD = re.compile(
    r"\b(?:evaluat|experiment|test|benchmark|result|accura|perform|gain|improv|outperform|state-of-the-art|SOTA|"
    r"fine-?tun|train|pre-?train|achiev|score|validat|demonstrat|measur|replicat|surpass|report|competitive)\w*|%"
)

# Between two coordinated names.
COORD = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|as well as\s+)?|\s+(?:and|or|&|vs\.?|versus)\s+|\s*/\s*)$")

# "Org's X" / "Org' X"
POSSESSIVE = re.compile(r"^(?:'s|’s|'|’)\s+")


# ---------- sentences ----------


def sentence_of(bounds: list[int], pos: int, n: int) -> tuple[int, int]:
    i = bisect_right(bounds, pos) - 1
    start = bounds[i]
    end = bounds[i + 1] if i + 1 < len(bounds) else n
    return start, end

#: Capitalised words that follow an organization name without being a product of it.
NON_NAMES = frozenset({"research", "ai", "labs", "lab", "inc", "cloud", "brain", "deepmind", "scholar", "university",
                       "team", "and", "or", "the", "in", "on", "for", "researchers", "engineers", "data", "s"})

#: Capitalised only because they open a sentence.
SENTENCE_OPENERS = frozenset({"however", "moreover", "furthermore", "finally", "first", "second", "third",
                              "using", "based", "existing", "recent", "current", "our", "these", "this", "each"})


# ---------- cue phrases for the automaton ----------


def _forms(*stems: str) -> list[str]:
    out = []
    for s in stems:
        out.extend(s.split("|"))
    return out


#: Cue phrases matched by the vocabulary automaton in the same pass as names
#: (lower case, punctuation as spaces; a trailing "*" matches any word ending).
CUES: dict[str, str] = {
    **{w: "intro" for w in _forms(
        "introduce|introduces|introduced|introducing", "present|presents|presented|presenting",
        "propose|proposes|proposed|proposing", "release|releases|released|releasing",
        "create|creates|created|creating", "construct|constructs|constructed|constructing",
        "build|builds|building", "develop|develops|developed|developing", "curate|curates|curated|curating",
        "collect|collects|collected", "contribute|contributes|contributed", "design|designs|designed",
        "open source|open sourced|open-source", "publish|publishes|published", "put forth", "establish|establishes",
        "assemble|assembled", "compile|compiled", "unveil|unveils|unveiled", "launch|launches|launched")},
    **{w: "naming" for w in ("called", "named", "dubbed", "termed", "coined", "we call", "we term", "we name",
                             "we dub")},
    **{w: "dep" for w in ("trained on", "pretrained on", "pre trained on", "built on", "built upon", "based on",
                          "fine tuned from", "fine tuned on", "finetuned from", "finetuned on", "initialized from",
                          "initialised from", "distilled from", "derived from", "reproduction of", "adapted from")},
    **{w: "dep-rev" for w in ("used in the training of", "used for training", "used to train", "used to pretrain",
                              "used to build", "used in training", "used for pretraining")},
    **{w: "collection" for w in ("survey", "corpus", "dataset", "benchmark", "treebank", "challenge", "suite",
                                 "collection", "database", "archive", "panel", "census", "bank")},
}

# The capitalised words before a collection head: "General Social" + "Survey".
COLLECTION_BACK = re.compile(r"((?:[A-Z][\w'-]*\s+(?:(?:of|for|on|and|the)\s+)?){1,5})$")
# The name right after an organization ("Meta's Llama", "Snowflake Arctic"); used with .match only.
NEXT_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?:\+\+|\+)?(?![\w])")
# A candidate token: starts with a capital; the checks are done in Python on the few matches.
# Only tokens with a second capital, a digit or an inner hyphen/dot can be name-shaped.
# (The lower-case run is possessive: giving letters back never lets "[A-Z0-9]" or "[-.]" match.)
CAP_TOKEN = re.compile(r"[A-Z][a-z]*+(?:[A-Z0-9]|[-.][A-Za-z0-9])[\w.-]*(?:\+\+|\+)?")
#: CAP_TOKEN over a text's character classes, for ASCII texts: every capital is "A", every other
#: letter "a", every digit "0"; "_", ".", "-" and "+" stay, anything else is a space. The pattern then
#: starts with a literal, which `re` finds with a fast search instead of testing [A-Z] at every
#: character (3x faster over an abstract); the spans are CAP_TOKEN's, as the translation keeps offsets.
_CAP_SHAPE = bytes(65 if 65 <= c <= 90 else 97 if 97 <= c <= 122 else 48 if 48 <= c <= 57
                   else c if c in b"_.-+" else 32 for c in range(256))
_CAP_TOKEN_SHAPE = re.compile(rb"Aa*+(?:[A0]|[-.][Aa0])[Aa0_.-]*(?:\+\+|\+)?")


def cap_tokens(text: str) -> list[tuple[int, str]]:
    """(start, token) of every CAP_TOKEN match in `text`, in order."""
    if text.isascii():
        shape = text.encode("ascii").translate(_CAP_SHAPE)
        return [(m.start(), text[m.start() : m.end()]) for m in _CAP_TOKEN_SHAPE.finditer(shape)]
    return [(m.start(), m.group()) for m in CAP_TOKEN.finditer(text)]
_NOT_BREAK = ("e.g", "i.e", " al", " vs", "etc", "Fig", " cf")
# ". ", spaces, and what may open a sentence (non-ASCII letters are checked with isupper(), which
# `re` cannot do). A literal first character lets `re` skip ahead fast; ". " is nearly every break.
# The look-behind (after the dot, so the pattern still starts with a literal) leaves out the
# _NOT_BREAK abbreviations, so a match needs no check in Python.
_DOT_BREAK = re.compile(r"\.(?<!" + "|".join(re.escape(a + ".") for a in _NOT_BREAK)
                        + r") +(?=[A-Z(\"'$\\]|[^\x00-\x7f])")


def sentence_bounds(text: str) -> list[int]:
    """Start offsets of sentences (0 first); "e.g." and "et al." do not end a sentence."""
    out = [0]
    if text.isascii():  # every match opens a sentence: the look-ahead already checked its first character
        out += [m.end() for m in _DOT_BREAK.finditer(text)]
    else:
        out += [j for m in _DOT_BREAK.finditer(text) if text[j := m.end()] < "\x80" or text[j].isupper()]
    n = len(text)
    more = False
    for sep in ("? ", "! ", "; ", ".\n", "\n"):
        if sep[0] not in text or sep[-1] not in text:
            continue  # one memchr each: most texts have no "?", "!", ";" or line break to search for
        i = text.find(sep)
        while i >= 0:
            j = i + len(sep)
            while j < n and text[j] == " ":
                j += 1
            if j < n and (text[j].isupper() or text[j] in "(\"'$\\") and text[max(0, i - 3) : i] not in _NOT_BREAK:
                out.append(j)
                more = True
            i = text.find(sep, i + 1)
    if more:  # the ". " breaks come in order; only breaks found by the other separators need sorting
        out.sort()
    return out


# ---------- cheap word-level checks (no regex scan over the text) ----------

_ADVERBS = frozenset({"also", "further", "then", "first", "additionally", "newly", "publicly", "now", "here",
                      "thus", "therefore", "finally", "next", "furthermore", "moreover", "hence"})
_SUBJECTS = frozenset({"we", "paper", "work", "study", "report", "article", "here"})
PREPOSITIONS = frozenset({"on", "in", "across", "over", "from", "with", "using"})
BY_WORDS = frozenset({"by", "from", "at", "with"})
_LIST_CUES = {("such", "as"), ("e.g.",), ("e.g.,",), ("eg",), ("including",), ("like",), ("namely",), ("i.e.",),
              ("i.e.,",), ("for", "example,"), ("for", "instance,")}


def has_intro_subject(before: str) -> bool:
    """ "we (also) | this paper | here" right before an introduction verb."""
    for w in reversed(before.rsplit(None, 4)[-4:]):
        w = w.lower().strip(",")
        if w in _ADVERBS:
            continue
        return w in _SUBJECTS
    return False


def preposition_before(before: str, words: frozenset[str] = PREPOSITIONS) -> bool:
    """ "on X", "on the X": one of `words` (then maybe "the") right before a position."""
    if before and not before[-1].isspace():
        return False
    tail = before.split()[-2:]
    if tail and tail[-1] == "the":
        tail = tail[:-1]
    return bool(tail) and tail[-1].lower().lstrip("(") in words


def list_cue_head(before: str) -> str | None:
    """For "models such as X" / "LLMs (e.g., X": the word before the cue ("" when none); None without a cue."""
    words = before.replace("(", " ").split()[-4:]
    for n in (2, 1):
        if len(words) >= n and tuple(w.lower() for w in words[-n:]) in _LIST_CUES:
            head = words[-n - 1] if len(words) > n else ""
            return head.strip(",:;")
    return None

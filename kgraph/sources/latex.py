"""LaTeX markup in metadata fields (BibTeX values, arXiv titles and authors) -> plain Unicode.

Parsing is pylatexenc's: it knows some 1,500 macros, accents on any base
(`{\\'\\i}`, `\\v{S}`), symbols (`\\textmu`, `\\ss`) and the control space `\\ `,
which a hand table of two dozen letters did not. Three things differ from its
defaults because metadata is not a typeset page: math between `$...$` is kept as
written, `~` is a plain space and `&` and `%` are literal characters, and a command
pylatexenc does not know keeps its text as written (`\\foo{bar}` stays
`\\foo{bar}`) instead of vanishing, with its name handed back so that the reader
can say so once per document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from pylatexenc import latexwalker
from pylatexenc.macrospec import MacroSpec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec, get_default_latex_context_db

__all__ = ["decode_latex", "unknown_commands_warning"]

#: Characters without which a value holds no LaTeX markup (the common case: returned as is).
_MARKUP = frozenset("\\{}~-`'$")
#: An unescaped % would start a LaTeX comment and swallow the rest of the value.
_BARE_PERCENT = re.compile(r"(?<!\\)%")


#: Font switches and no-op commands that print nothing (pylatexenc's text table lacks them).
_SWITCHES = ("it", "bf", "em", "sc", "sl", "rm", "sf", "tt", "itshape", "bfseries", "scshape", "upshape", "mdseries",
             "normalfont", "slshape", "sffamily", "ttfamily", "rmfamily", "relax", "protect", "newblock", "noindent",
             "nobreak", "allowbreak", "hfill", "break", "null", "unskip")

#: biblatex's own markup commands in field values (its manual, section 4.10): they wrap their argument.
_BIBLATEX_WRAPPERS = ("mkbibemph", "mkbibitalic", "mkbibbold", "mkbibsuperscript", "mkbibsubscript", "mkbibacro",
                      "textnohyphenation")


def _href(node, l2tobj: LatexNodes2Text) -> str:
    """`\\href{url}{text}` -> "text (url)": the link stays findable."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    url, text = (l2tobj.nodelist_to_text([a]) if a is not None else "" for a in ([None, None] + list(args))[-2:])
    return f"{text} ({url})" if url and text else text or url


#: The accent commands, their combining mark and the mark printed alone (`\\^{}` -> "^",
#: `\\~{}` -> "~", as LaTeX prints an accent over nothing).
_ACCENTS = {
    "'": ("\u0301", "\u00b4"), "`": ("\u0300", "`"), '"': ("\u0308", "\u00a8"), "^": ("\u0302", "^"),
    "~": ("\u0303", "~"), "=": ("\u0304", "\u00af"), ".": ("\u0307", "\u02d9"), "u": ("\u0306", "\u02d8"),
    "v": ("\u030c", "\u02c7"), "H": ("\u030b", "\u02dd"), "c": ("\u0327", "\u00b8"), "k": ("\u0328", "\u02db"),
    "r": ("\u030a", "\u02da"), "d": ("\u0323", ""), "b": ("\u0331", ""),
}
_DOTLESS = {"\u0131": "i", "\u0237": "j"}


def _accented(text: str, combining: str) -> str:
    """Each letter of `text` with the mark (`\\'{\\i}` -> "í")."""
    return "".join(unicodedata.normalize("NFC", _DOTLESS.get(ch, ch) + combining) if ch.isalpha() else ch
                   for ch in text)


def _accent(combining: str, alone: str):
    """An accent command: its mark over the letters of its argument, the mark itself over
    nothing (`\\"{}` -> "¨", not a combining mark hanging on the space before it)."""
    def text(node, l2tobj: LatexNodes2Text) -> str:
        args = node.nodeargd.argnlist if node.nodeargd else []
        arg = l2tobj.nodelist_to_text([args[0]]).strip() if args and args[0] is not None else ""
        return _accented(arg, combining) if arg else alone
    return text


def _colon(node, l2tobj: LatexNodes2Text) -> str:
    """`\\:` is a medium space in math; before a letter in a name (`J{\\:o}rn`) it can only
    be a diaeresis typed with the wrong key, so "Jörn"; elsewhere a space."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    first = args[0] if args else None
    arg = l2tobj.nodelist_to_text([first]) if first is not None else ""
    spaced = first is not None and first.pos > node.pos + len("\\:")  # `x\\: y`: the space is written
    if spaced or not arg[:1].isalpha():
        return " " + arg
    return _accented(arg[0], "\u0308") + arg[1:]


def _context():
    db = get_default_latex_context_db()
    db.add_context_category(
        "kgraph-metadata",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("href", simplify_repl=_href),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            *(MacroTextSpec(name, simplify_repl="") for name in _SWITCHES),
            MacroTextSpec("mkbibquote", simplify_repl="“%s”"),
            *(MacroTextSpec(name, simplify_repl="%s") for name in _BIBLATEX_WRAPPERS),
            MacroTextSpec("hyphen", simplify_repl="-"),
            MacroTextSpec("mkbibparens", simplify_repl="(%s)"),
            MacroTextSpec("mkbibbrackets", simplify_repl="[%s]"),
            *(MacroTextSpec(name, simplify_repl=_accent(*marks)) for name, marks in _ACCENTS.items()),
            MacroTextSpec(":", simplify_repl=_colon),
        ],
        specials=[SpecialsTextSpec("~", " "), SpecialsTextSpec("&", "&")],
    )
    return db


class _MetadataText(LatexNodes2Text):
    """LatexNodes2Text that keeps unknown commands as written and collects their names."""

    def __init__(self) -> None:
        super().__init__(latex_context=_context(), math_mode="verbatim", strict_latex_spaces=False)
        self.unknown: list[str] = []

    def _is_unknown(self, node) -> bool:
        """A command neither table knows (the parser found no arguments for it either)."""
        return (node is not None and node.isNodeType(latexwalker.LatexMacroNode)
                and self.latex_context.get_macro_spec(node.macroname) is None
                and not (node.nodeargd and node.nodeargd.argnlist))

    def macro_node_to_text(self, node) -> str:
        if self._is_unknown(node):
            self.unknown.append(node.macroname)
            return "\\" + node.macroname
        if self.latex_context.get_macro_spec(node.macroname) is None:  # \mbox{..}: its arguments' text
            return "".join(self._groupnodecontents_to_text(a) for a in node.nodeargd.argnlist if a is not None)
        return super().macro_node_to_text(node)

    def nodelist_to_text(self, nodelist) -> str:
        """As the parent's, but the group or space after an unknown command stays as written."""
        out: list[str] = []
        prev = None
        for node in nodelist:
            text = self.node_to_text(node)
            if self._is_unknown(prev):
                if node.isNodeType(latexwalker.LatexGroupNode):
                    text = node.delimiters[0] + text + node.delimiters[1]
                elif node.isNodeType(latexwalker.LatexCharsNode):
                    text = (prev.macro_post_space or "") + text
            elif self._is_bare_macro_node(prev) and node.isNodeType(latexwalker.LatexCharsNode) \
                    and not self.strict_latex_spaces["between-macro-and-chars"]:
                text = prev.macro_post_space + text  # as the parent class does
            out.append(text)
            prev = node
        return "".join(out)


_CONVERTER: _MetadataText | None = None
_WALKER_CONTEXT = None


def _walker_context():
    """pylatexenc's parsing table, plus the arguments of \\href, which it lacks."""
    global _WALKER_CONTEXT
    if _WALKER_CONTEXT is None:
        db = latexwalker.get_default_latex_context_db()
        db.add_context_category("kgraph-metadata", prepend=True, macros=[
            MacroSpec("href", "{{"), MacroSpec("mkbibquote", "{"), MacroSpec("mkbibparens", "{"),
            MacroSpec("mkbibbrackets", "{"), MacroSpec(":", "{"),
            *(MacroSpec(name, "{") for name in _BIBLATEX_WRAPPERS)])
        _WALKER_CONTEXT = db
    return _WALKER_CONTEXT


def _converter() -> _MetadataText:
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _MetadataText()
    return _CONVERTER


def decode_latex(text: str, unknown: Counter[str] | None = None) -> str:
    """LaTeX markup -> Unicode: {\\"u} -> ü, \\ss -> ß, Dokl.\\ Akad. -> "Dokl. Akad.", {GPT} -> GPT.

    `--`/`---` become dashes, quotes `` '' become curly quotes. The names of
    commands pylatexenc does not know are added to `unknown` (they stay in the text).
    """
    if not _MARKUP.intersection(text):
        return text
    conv = _converter()
    conv.unknown = []
    source = _BARE_PERCENT.sub(r"\\%", text)
    walker = latexwalker.LatexWalker(source, latex_context=_walker_context(), tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes()
        decoded = conv.nodelist_to_text(nodes)
    except (latexwalker.LatexWalkerError, IndexError, ValueError, TypeError):
        decoded = text.replace("{", "").replace("}", "")  # markup pylatexenc cannot parse: braces dropped only
    if unknown is not None:
        unknown.update(conv.unknown)
    return decoded


def unknown_commands_warning(unknown: Counter[str], documents: int = 1) -> str | None:
    """One warning naming the unknown commands of a build (of `documents` documents), most frequent first."""
    if not unknown:
        return None
    shown = ", ".join(f"\\{name} ({n})" for name, n in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
    more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
    total = sum(unknown.values())
    where = f" in {documents} documents" if documents > 1 else ""
    return f"{total} unknown LaTeX command{'s' if total != 1 else ''} kept as written{where}: {shown}{more}"

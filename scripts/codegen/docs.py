"""PyTorch's docstrings for the generated declarations: read from the installed torch (torch._torch_docs and
torch._tensor_docs have filled in each function's __doc__ by import time), split by overload (`.. function::`
sections), and turned from reStructuredText with LaTeX into the Markdown an editor shows on hover: roles become
code spans (:func:`torch.add` -> `torch.add`), math becomes readable text in code (\\text{out}_i -> out_i,
\\frac{a}{b} -> a/b, \\sum -> Σ), note/warning directives become labelled paragraphs, Args become lists and
examples fenced code. Used by emit_ts.py (JSDoc) and, through the declarations, by the API reference."""
from __future__ import annotations

import re
import textwrap

from model import torch

# ---------------------------------------------------------------------------------------------------------------
# LaTeX -> text
# ---------------------------------------------------------------------------------------------------------------
GREEK = {n: c for n, c in zip(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
    "αβγδϵεζηθϑικλμνξπρστυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ")}
SYMBOLS = {
    **GREEK, "times": "×", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "infty": "∞", "sum": "Σ",
    "prod": "∏", "int": "∫", "partial": "∂", "nabla": "∇", "pm": "±", "mp": "∓", "in": "∈", "notin": "∉",
    "forall": "∀", "exists": "∃", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "mapsto": "↦", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "langle": "⟨", "rangle": "⟩",
    "vert": "|", "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖", "mid": "|", "circ": "∘",
    "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "cap": "∩", "cup": "∪", "subset": "⊂", "subseteq": "⊆",
    "emptyset": "∅", "sim": "~", "propto": "∝", "equiv": "≡", "ell": "ℓ", "ast": "∗", "star": "⋆",
    "lbrace": "{", "rbrace": "}", "quad": "  ", "qquad": "    ", "colon": ":", "prime": "′",
    "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "inf": "inf", "sup": "sup", "arg": "arg", "det": "det",
    "sgn": "sgn", "lim": "lim",
}
BLACKBOARD = {"R": "ℝ", "C": "ℂ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "K": "𝕂"}
UNWRAP = ("text", "textrm", "textit", "textbf", "texttt", "mathrm", "mathbf", "mathit", "mathsf", "mathtt",
          "mathcal", "mathrlap", "mathbin", "operatorname", "boldsymbol", "bm", "displaystyle", "cancel")
DROP = ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "limits", "nolimits",
        "displaystyle", "textstyle", "scriptstyle")


def _group(s, i):
    """The brace group starting at s[i] == '{': (content, index after it). A single token when s[i] is not '{'."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] != "{":
        if s[i] == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            return m.group(0), i + len(m.group(0))
        return s[i], i + 1
    depth, j = 0, i
    while j < len(s):
        if s[j] == "{" and (j == 0 or s[j - 1] != "\\"):
            depth += 1
        elif s[j] == "}" and (j == 0 or s[j - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
        j += 1
    return s[i + 1:], len(s)


def _simple(t):
    return re.fullmatch(r"[\w.′∗]+|-?\d+", t) is not None


def latex(s, block=False):
    """LaTeX math as readable plain text."""
    s = re.sub(r"(?<!\\)%[^\n]*", "", s)  # comments
    if "{{" in s:  # a docstring whose braces were doubled for str.format but never formatted
        s = s.replace("{{", "{").replace("}}", "}")
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+)", s[i:])
            if not m:  # \\ \, \; \{ \} \_ ...
                nxt = s[i + 1] if i + 1 < len(s) else ""
                if nxt == "\\":
                    out.append("\n" if block else "; ")
                elif nxt in ",;:! ":
                    out.append(" ")
                elif nxt == "|":
                    out.append("‖")
                else:
                    out.append(nxt)
                i += 2
                continue
            cmd, i = m.group(1), i + len(m.group(0))
            if cmd in ("frac", "dfrac", "tfrac"):
                a, i = _group(s, i)
                b, i = _group(s, i)
                a, b = latex(a), latex(b)
                out.append(f"{a if _simple(a) else '(' + a + ')'}/{b if _simple(b) else '(' + b + ')'}")
            elif cmd == "sqrt":
                if i < len(s) and s[i] == "[":
                    j = s.index("]", i)
                    i = j + 1
                a, i = _group(s, i)
                a = latex(a)
                out.append(f"√{a if _simple(a) else '(' + a + ')'}")
            elif cmd in ("bar", "overline", "hat", "widehat", "tilde", "widetilde", "vec"):
                a, i = _group(s, i)
                mark = {"bar": "\u0304", "overline": "\u0304", "hat": "\u0302", "widehat": "\u0302",
                        "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7"}[cmd]
                a = latex(a)
                out.append(a + mark if len(a) == 1 else f"{cmd}({a})")
            elif cmd == "mathbb":
                a, i = _group(s, i)
                out.append(BLACKBOARD.get(a.strip(), a))
            elif cmd in ("begin", "end"):
                env, i = _group(s, i)
                if cmd == "begin" and env == "array" and i < len(s) and s[i] == "{":
                    _, i = _group(s, i)
                if cmd == "begin" and env == "cases":
                    out.append("\n" if block else "{ ")
                elif cmd == "end" and env == "cases" and not block:
                    out.append(" }")
                elif cmd == "begin" and env in ("bmatrix", "pmatrix", "matrix"):
                    out.append("[")
                elif cmd == "end" and env in ("bmatrix", "pmatrix", "matrix"):
                    out.append("]")
            elif cmd in UNWRAP:
                a, i = _group(s, i) if cmd != "displaystyle" else ("", i)
                out.append(latex(a, block))
            elif cmd in DROP:
                pass
            elif cmd in SYMBOLS:
                sym = SYMBOLS[cmd]
                out.append(sym + (" " if sym.isalpha() and i < len(s) and s[i] not in " ({[_^" else ""))
            else:
                out.append(cmd)
        elif c in "_^":
            a, i = _group(s, i + 1)
            a = latex(a)
            out.append(c + (a if _simple(a) else f"({a})"))
        elif c in "{}":
            i += 1
        elif c == "&":
            out.append(" ")
            i += 1
        else:
            out.append(c)
            i += 1
    text = "".join(out)
    if block:
        lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
        return "\n".join(ln for ln in lines if ln)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------------------------
# reST -> Markdown
# ---------------------------------------------------------------------------------------------------------------
CODE_ROLES = {"func", "meth", "class", "attr", "mod", "data", "obj", "exc", "code", "literal", "py:func"}


def inline(s):
    """Inline markup of one line or paragraph: roles, ``literals``, :math:."""
    def role(m):
        kind, body = m.group(1), m.group(2)
        if kind == "math":
            return "`" + latex(body) + "`"
        t = re.match(r"^(.*?)\s*<([^>]*)>$", body)
        if kind in ("ref", "doc"):
            return t.group(1) if t and t.group(1) else body.split("/")[-1].replace("-", " ")
        if t and t.group(1):
            body = t.group(1)
        if body.startswith("~"):
            body = body[1:].split(".")[-1]
        return "`" + body + "`" if kind in CODE_ROLES else body

    s = s.replace("\\`", "`")
    s = re.sub(r":([\w:]+):`([^`]*)`", role, s)
    s = re.sub(r"``([^`]+)``", r"`\1`", s)
    s = re.sub(r"`([^`<]+?)\s*<(https?://[^>]+)>`_{1,2}", r"[\1](\2)", s)  # `text <url>`_
    s = re.sub(r"`([^`]+)`_{1,2}(?!\w)", r"\1", s)  # `target`_
    s = re.sub(r"`([^`]*\\[A-Za-z][^`]*)`", lambda m: "`" + latex(m.group(1)) + "`", s)  # `n \times n`
    s = s.replace("\\ ", "")
    s = re.sub(r"\\([^\w\s])|\\(?=[a-z]\b)", r"\1", s)  # reST escapes (NaN\s, \*)
    return re.sub(r"(?<=[^`\s])``(?=[^`\s])", "", s)  # code spans that an escaped space joined


def _table(rows_text):
    """A reST simple table (=== borders) as a Markdown table."""
    border = rows_text[0]
    cols = [(m.start(), m.end()) for m in re.finditer(r"=+", border)]
    def cells(ln):
        out = []
        for k, (a, b) in enumerate(cols):
            end = cols[k + 1][0] if k + 1 < len(cols) else len(ln)
            out.append(ln[a:end].strip())
        return out
    header, body, nb = [], [], 0
    for ln in rows_text:
        if re.fullmatch(r"=+( +=+)*\s*", ln):
            nb += 1
            continue
        if not ln.strip():
            continue
        row = cells(ln)
        target = header if nb == 1 else body
        if target and not row[0]:  # a continued row
            target[-1] = [f"{x} {y}".strip() for x, y in zip(target[-1], row)]
        else:
            target.append(row)
    if not header:
        header, body = body[:1], body[1:]
    head = header[0] if header else [""] * len(cols)
    md = ["| " + " | ".join(inline(c) for c in head) + " |", "|" + "---|" * len(cols)]
    md += ["| " + " | ".join(inline(c).replace("|", "\\|") for c in r) + " |" for r in body]
    return md


ARG_SECTIONS = {"Args", "Arguments", "Parameters", "Keyword args", "Keyword Args", "Keyword arguments",
                "Returns", "Raises", "Shape", "Members", "Inputs", "Attributes"}
TEXT_SECTIONS = {"Note", "Notes", "Warning", "Warnings", "Example", "Examples", "See also", "References", "Usage",
                 "Restrictions", "Equation"}
ADMONITIONS = {"note": "Note", "warning": "Warning", "seealso": "See also", "attention": "Attention",
               "caution": "Caution", "important": "Important", "tip": "Tip", "hint": "Hint", "danger": "Danger",
               "versionadded": "Added in version", "versionchanged": "Changed in version",
               "deprecated": "Deprecated since version"}


def _indent(line):
    return len(line) - len(line.lstrip())


def _block(lines, i, base):
    """The lines after i that are blank or indented deeper than `base`, dedented; and the index after them."""
    j = i
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
        j += 1
    k = j
    while k > i and not lines[k - 1].strip():  # trailing blank lines belong to what follows
        k -= 1
    return textwrap.dedent("\n".join(lines[i:k])).split("\n") if k > i else [], k


def _fence(block, lang=""):
    while block and not block[0].strip():
        block = block[1:]
    if not block:
        return []
    return ["```" + lang] + [ln.rstrip() for ln in block] + ["```"]


def _is_code(block):
    return any(ln.lstrip().startswith(">>>") for ln in block)


def _arg_list(block):
    """Google-style `name (type): text` entries as a Markdown list."""
    out, entries = [], []
    base = min((_indent(ln) for ln in block if ln.strip()), default=0)
    for ln in block:
        if not ln.strip():
            if entries:
                entries[-1][1].append("")
            continue
        if _indent(ln) == base:
            entries.append([ln.strip(), []])
        elif entries:
            entries[-1][1].append(ln)
        else:
            entries.append([ln.strip(), []])
    for head, rest in entries:
        head = head.replace("\\_", "_")
        while rest and rest[0].strip() and not re.match(r"^(\.\. |>>>|[-*+] )", rest[0].strip()):
            head += " " + rest.pop(0).strip()  # the entry's first paragraph (roles may span its lines)
        m = re.match(r"^(\*{0,2}[\w.]+(?:\s*,\s*\*{0,2}[\w.]+)*)\s*(?:\((.*?)\))?\s*:\s*(.*)$", head)
        bullet = re.match(r"^[*+-]\s+(.*)$", head)
        if m and not head.startswith(">>>"):
            name, typ, text = m.groups()
            item = f"- `{name}`" + (f" ({inline(typ)})" if typ else "") + (": " + inline(text) if text else "")
        elif bullet:
            item = "- " + inline(bullet.group(1))
        else:  # prose or a directive inside the section
            out += ["", convert("\n".join([head] + [textwrap.dedent("\n".join(rest))])), ""]
            continue
        # what follows the entry's first paragraph nests under it
        sub = convert(textwrap.dedent("\n".join(rest))).split("\n") if any(r.strip() for r in rest) else []
        out.append(item)
        for ln in sub:
            out.append(("  " + ln) if ln.strip() else "")
    return out


def convert(text):
    """reStructuredText (PyTorch's docstring dialect) -> Markdown."""
    lines = textwrap.dedent(text).split("\n")
    out, i = [], 0
    raw = set()  # indices of paragraph lines in `out` whose inline markup is converted at the end
    last_bullet = None  # (indent, nesting level) of the last list item
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        ind = _indent(line)
        if not s:
            out.append("")
            i += 1
            continue
        if re.fullmatch(r"=+( +=+)+", s):  # a simple table, up to its closing border
            j, borders = i, 0
            while j < len(lines) and borders < 3 and (lines[j].strip() or borders < 3):
                if re.fullmatch(r"=+( +=+)*", lines[j].strip()):
                    borders += 1
                j += 1
                if j < len(lines) and not lines[j].strip() and borders >= 2:
                    break
            out += [""] + _table([ln[ind:] for ln in lines[i:j]]) + [""]
            i = j
            continue
        if s == ":noindex:" or re.match(r"^\.\. _[^:]+:.*$", s) or re.match(r"^\.\. (image|figure|autofunction|"
                                                                                 r"autoclass|currentmodule)::", s):
            _, i = _block(lines, i + 1, ind)  # with its options or link target
            continue
        m = re.match(r"^\.\. ([\w-]+)\s*::\s*(.*)$", s)
        if m:
            kind, arg = m.groups()
            block, i = _block(lines, i + 1, ind)
            while block and re.match(r"^\s*:[\w-]+:(\s|$)", block[0]):  # directive options
                block = block[1:]
            if kind == "math":
                body = latex(" ".join([arg] + block) if arg and not block else "\n".join(
                    ([arg] if arg else []) + block), block=True)
                out += _fence(body.split("\n")) + [""]
            elif kind in ("code", "code-block", "testcode", "testsetup", "doctest", "sourcecode"):
                out += _fence(block, "py" if (arg or "python").startswith("py") else arg) + [""]
            elif kind in ADMONITIONS:
                label = ADMONITIONS[kind]
                body = convert("\n".join(([arg] if arg and kind not in ("versionadded", "versionchanged",
                                                                       "deprecated") else []) + block)).strip("\n")
                if kind in ("versionadded", "versionchanged", "deprecated"):
                    head = f"**{label} {arg}:**" if arg else f"**{label}:**"
                else:
                    head = f"**{label}:**"
                if body and not body.startswith(("```", "- ")):
                    out.append(head + " " + body)
                else:
                    out += [head] + ([body] if body else [])
                out.append("")
            elif kind in ("function", "method"):
                pass
            else:  # list-table and other directives: keep their text
                out += [convert("\n".join(block))] if block else []
            continue
        sec = re.match(r"^([A-Z][\w ]*):$", s)
        if sec and sec.group(1) in ARG_SECTIONS | TEXT_SECTIONS:
            block, j = _block(lines, i + 1, ind)
            if block:
                name = sec.group(1)
                out.append(f"**{name}:**")
                if name in ARG_SECTIONS:
                    out += _arg_list(block)
                else:  # text, doctests between it
                    out.append(convert("\n".join(block)).strip("\n"))
                out.append("")
                i = j
                continue
        if s.endswith("::"):  # a paragraph introducing a literal block
            block, j = _block(lines, i + 1, ind)
            if block:
                head = s[:-2].rstrip()
                if head:
                    out.append(("**" + head + ":**") if re.fullmatch(r"Examples?", head) else inline(head) + ":")
                out += _fence(block, "py" if _is_code(block) else "") + [""]
                i = j
                continue
            s = s[:-1]
        if s.startswith(">>>"):  # a doctest without `::`
            j = i
            while j < len(lines) and lines[j].strip() and _indent(lines[j]) >= ind:
                j += 1
            out += _fence([ln[ind:] for ln in lines[i:j]], "py") + [""]
            i = j
            continue
        bullet = re.match(r"^([*+-]|\d+[.)]|#\.)\s+(.*)$", s)
        if bullet:
            level = 0
            if out and out[-1].lstrip().startswith("- ") and last_bullet:
                pind, plevel = last_bullet
                level = plevel + 1 if ind > pind else plevel if ind == pind else max(0, plevel - 1)
            last_bullet = (ind, level)
            out.append("  " * level + "- " + bullet.group(2))
            raw.add(len(out) - 1)
        elif out and len(out) - 1 in raw and out[-1].strip():
            out[-1] += " " + s  # paragraphs become one line each
        else:
            out.append(s)
            raw.add(len(out) - 1)
        i += 1
    out = [inline(ln) if k in raw else ln for k, ln in enumerate(out)]
    text = "\n".join(out)
    text = re.sub(r"\n```\n+```py\n", "\n\n", text)  # one code block for doctests split by blank lines
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# ---------------------------------------------------------------------------------------------------------------
# Docstrings by overload
# ---------------------------------------------------------------------------------------------------------------
SIG = re.compile(r"^\s*(?:\.\. (?:function|method)::\s*)?((?:torch\.)?(?:Tensor\.)?[\w.]+)\((.*)\)\s*(?:->.*)?:?$")


def pyobj(name, kind, module=None):
    try:
        if kind == "method":
            return getattr(torch.Tensor, name)
        if module == "nn":
            return getattr(torch.nn.functional, name)
        if module:
            return getattr(getattr(torch, module), name)
        return getattr(torch, name)
    except AttributeError:
        return None


def raw_doc(name, kind, module=None):
    obj = pyobj(name, kind, module)
    doc = getattr(obj, "__doc__", None) if obj is not None else None
    if not isinstance(doc, str) or not doc.strip():
        return None
    if type(obj).__doc__ == doc:  # a builtin's generic doc, not the op's
        return None
    return doc


def _names(params):
    names = []
    depth, cur = 0, ""
    for ch in params + ",":
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            n = cur.split("=")[0].split(":")[0].strip().lstrip("*")
            if n and n not in ("/", "out", "self"):
                names.append(n)
            cur = ""
        else:
            cur += ch
    return frozenset(names)


def sections(doc):
    """[(parameter names of the section's signature or None, its text)], split at `.. function::` lines."""
    lines = textwrap.dedent(doc.strip("\n")).split("\n") if doc else []
    secs, cur, names = [], [], None
    for idx, ln in enumerate(lines):
        m = SIG.match(ln)
        starts = m and (ln.lstrip().startswith(".. ") or (idx == 0 and not cur))
        if starts:
            if any(c.strip() for c in cur) or names is not None:
                secs.append((names, "\n".join(cur)))
            cur, names = [], _names(m.group(2))
        elif ln.strip() != ":noindex:":
            cur.append(ln)
    if any(c.strip() for c in cur) or names is not None:
        secs.append((names, "\n".join(cur)))
    return secs


SEE = re.compile(r"^(?:See|Alias for|Alias of)\s+:(?:func|meth):`~?([\w.]+)`\.?$")
INPLACE = re.compile(r"^(?:In-place|Out-of-place) version of\s+:(?:func|meth):`~?([\w.]+)`\.?$")


def _target(ref):
    """A cross reference (torch.add, Tensor.add, torch.Tensor.add_, torch.linalg.det) as (name, kind, module)."""
    parts = ref.split(".")
    if parts[0] == "torch":
        parts = parts[1:]
    if parts and parts[0] == "Tensor":
        return (parts[1], "method", None) if len(parts) == 2 else None
    if len(parts) == 1:
        return parts[0], "function", None
    if len(parts) == 2 and parts[0] in ("linalg", "fft", "special"):
        return parts[1], "function", parts[0]
    if len(parts) == 3 and parts[:2] == ["nn", "functional"]:
        return parts[2], "function", "nn"
    return None


def _best(secs, names):
    if len(secs) == 1 or names is None:
        return secs[0][1]
    def score(sec):
        sn = sec[0]
        if sn is None:
            return (-99, 0)
        return (-len(sn ^ names), len(sn & names))
    return max(secs, key=score)[1]


def overload_doc(name, kind, module, names, depth=0):
    """The Markdown doc of one overload: the section of PyTorch's docstring whose signature has the overload's
    parameter names (`names`, without self/out), following 'See torch.x' and 'In-place version of' references."""
    doc = raw_doc(name, kind, module)
    if doc is None and kind == "method":
        return overload_doc(name.rstrip("_"), "function", None, names | {"input"}, depth + 1) if depth < 3 else None
    if doc is None:
        return None
    secs = sections(doc)
    if not secs:
        return None
    body = _best(secs, names if kind == "function" else names).strip()
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if depth < 3 and lines:
        ref = SEE.match(lines[-1]) or INPLACE.match(lines[-1])
        if ref and (len(lines) == 1 or SEE.match(lines[-1])):
            tgt = _target(ref.group(1))
            if tgt is not None and (tgt[0], tgt[1], tgt[2]) != (name, kind, module):
                tn, tk, tm = tgt
                tnames = (names | {"input"}) if (kind == "method" and tk == "function") else names
                if kind == "function" and tk == "method":
                    tnames = names - {"input"}
                more = overload_doc(tn, tk, tm, tnames, depth + 1)
                if more:
                    if len(lines) == 1 and INPLACE.match(lines[0]):
                        return convert(body) + "\n\n" + more
                    if len(lines) == 1:
                        return more
                    head = convert("\n".join(body.split("\n")[:-1])).rstrip()
                    return head + "\n\n" + more if head else more
    return convert(body) or None


def summary(name, kind, module=None):
    """The first sentence of an op's doc (the one-line description for a symbol, listings and completion)."""
    doc = raw_doc(name, kind, module)
    if not doc:
        return None
    for p in [p.strip() for p in re.split(r"\n\s*\n", doc) if p.strip()]:
        first = p.split("\n")[0].strip()
        if SIG.match(first) or first.startswith(".. ") or first.startswith("See :") or first.startswith(">>>"):
            continue
        text = " ".join(line.strip() for line in p.split("\n"))
        text = inline(text)
        m = re.match(r"^(.*?\.)(\s|$)", text)
        sentence = m.group(1) if m else text
        return sentence[:297] + "..." if len(sentence) > 300 else sentence
    return None


def jsdoc(text, indent):
    """A JSDoc block of Markdown text, safe inside a comment."""
    text = text.replace("*/", "*\\/")
    lines = [("\\" + ln if ln.lstrip().startswith("@") else ln) for ln in text.split("\n")]
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**"] + [f"{indent} * {ln}".rstrip() for ln in lines] + [f"{indent} */"]

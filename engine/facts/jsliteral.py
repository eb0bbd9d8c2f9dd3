"""Node's ``util.inspect`` output of an object, read as a Python literal (for
``ast.literal_eval``, never ``eval``)."""

from __future__ import annotations

__all__ = ["from_js"]

_JS_WORDS = {"null": "None", "undefined": "None", "true": "True", "false": "False",
             "NaN": "None", "Infinity": "None"}


def from_js(segment: str) -> str:
    """Node's ``util.inspect`` of an object (``{ error: { message: 'x', code: null } }``,
    strings joined with ``+`` over lines, ``[Object]`` where it stopped) as a Python literal;
    "" when it is something else. One pass, no backtracking."""
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c in "'\"`":
            j = i + 1
            while j < n and segment[j] != c:
                j += 2 if segment[j] == "\\" else 1
            if j >= n:
                return ""
            out.append(segment[i:j + 1] if c != "`" else repr(segment[i + 1:j]))
            i = j + 1
        elif c.isalpha() or c in "_$":
            j = i + 1
            while j < n and (segment[j].isalnum() or segment[j] in "_$"):
                j += 1
            word = segment[i:j]
            k = j
            while k < n and segment[k] in " \t":
                k += 1
            if k < n and segment[k] == ":":
                out.append(repr(word))                 # a key
            elif k < n and segment[k] in "{[":
                pass                                   # a class name before an object
            elif word in _JS_WORDS:
                out.append(_JS_WORDS[word])
            elif word.isidentifier():
                return ""
            i = j
        elif c == "[" and i + 1 < n and (segment[i + 1].isupper() or segment[i + 1] == "."):
            end = segment.find("]", i)                 # [Object], [Array], [Getter], [Symbol(x)]
            if end == -1:
                return ""
            out.append("None")
            i = end + 1
        elif c == "+":
            i += 1                                     # 'a' + 'b': adjacent literals join
        elif c == "<":
            end = segment.find(">", i)                 # <ref *1>, <Buffer 7b 22>
            if end == -1:
                return ""
            i = end + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)

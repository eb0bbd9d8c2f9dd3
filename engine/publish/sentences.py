"""Short descriptions made of whole sentences (llms.txt, meta descriptions, feeds)."""

from __future__ import annotations

import re

from triage.escape import plain

__all__ = ["sentences"]

# a sentence ends at . ! ? followed by a space (not "4.1" or "e.g.x"), or at 。！？
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!e\.g\.)(?<!i\.e\.)\s+|(?<=[。！？])")


def sentences(text: str, limit: int = 180) -> str:
    """Whole sentences from the start of ``text``, as many as fit in ``limit`` characters.

    Never cut inside a sentence: when the first sentence alone is longer, it is given whole.
    """
    text = plain(text)
    if len(text) <= limit:
        return text
    out = ""
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        if not part:
            continue
        joined = f"{out} {part}" if out and not out.endswith(("。", "！", "？")) else out + part
        if out and len(joined) > limit:
            break
        out = joined
    return out

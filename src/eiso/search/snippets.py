"""Snippets of the search page: a few words around the first hit, hits marked.

Matching folds accents and case as the lexicon does, and treats each query
word as a prefix, as the page searches (``chat lu`` marks "chất lượng").
"""

from eiso.search.lexicon import fold
from html import escape

import re


_WORD = re.compile(r"(\w+)")
_QUERY_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
OPERATORS = {"and", "or", "not"}
CONTEXT_WORDS = 12


def query_words(text):
    """The folded words of what the user typed, without the operators."""
    return [
        folded for folded in (fold(word) for word in _QUERY_WORD.findall(text or ""))
        if folded and folded not in OPERATORS
    ]


def _hit(token, words):
    folded = fold(token)
    return any(folded.startswith(word) for word in words)


def has_hit(text, words):
    return bool(words) and any(_hit(token, words) for token in _WORD.findall(text or ""))


def snippet(text, words, context=CONTEXT_WORDS):
    """HTML: the words of ``text`` around its first hit, hits in <mark>."""
    parts = _WORD.split(text or "")
    # parts: separator, word, separator, word, …, separator
    word_positions = list(range(1, len(parts), 2))
    first = next((i for i in word_positions if _hit(parts[i], words)), None)
    if first is None:
        start, end = 0, min(len(parts), 2 * context * 2)
    else:
        start = max(0, first - 2 * context)
        end = min(len(parts), first + 2 * context + 1)
    html = []
    for index in range(start, end):
        part = parts[index]
        if index % 2 and _hit(part, words):
            html.append(f"<mark>{escape(part)}</mark>")
        else:
            html.append(escape(part if index % 2 else _SPACES.sub(" ", part)))
    result = "".join(html).strip()
    if start > 0:
        result = "… " + result
    if end < len(parts):
        result += " …"
    return result

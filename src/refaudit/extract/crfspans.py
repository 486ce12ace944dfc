"""The CRF's token labels made into field spans, boundaries moved to where the print puts them."""

from __future__ import annotations

from collections.abc import Sequence

from refaudit.extract.crf import Token, tag

# Labels whose boundaries the print marks with punctuation: "Smith, J. A Study of X. Journal".
_SNAPPED = frozenset(["author", "title", "container"])
_PHRASE_END = frozenset(".,;:!?\"”’')]")
_PHRASE_START = frozenset(".,;:\"“‘'([")
# A boundary moves by at most this many tokens: a title printed without a stop before its
# journal ("... pregnancy rates Fertil Steril 1995") is not moved back to its last comma.
_MAX_SHIFT = 2
_FIRM_END = frozenset(',;:"”’')
# An author list often ends without a stop ("D. C. White Antarctic Science"): only a title's
# first article goes back to the title ("Koizuka, I. A Study of ...").
_TITLE_OPENERS = frozenset(["a", "an", "the", "on", "to", "in", "of", "for", "from", "how", "why"])


def _may_move(left: str, right: str, moved: Sequence[str]) -> bool:
    """Whether the tokens `moved` at the end of a `left` run may join the `right` run."""
    if left == "author":
        return right == "title" and all(t.lower() in _TITLE_OPENERS for t in moved)
    if right == "container":  # a journal's words are capitalised; "andduality" is a title's
        return moved[0][:1].isupper()
    return right != "author"


def snap_boundaries(tokens: Sequence[str], labels: Sequence[str]) -> list[str]:
    """`labels` with each author/title/container boundary that falls inside a phrase (between
    two words with no punctuation) moved to the nearest phrase end within the two runs.

    "Koizuka, I. A/author Study/title" becomes "A/title"; "nanocomposites. RSC/title Adv/container"
    becomes "RSC/container". A boundary with no phrase end in either run (titles printed without
    punctuation before the journal) stays where the CRF put it.
    """
    out = list(labels)
    n = len(out)

    def ends_phrase(k: int) -> bool:  # PDF text glues the stop to the next word: "Joshi ,Phys"
        tok = tokens[k]
        if tok[-1:] in _PHRASE_END or (k + 1 < n and tokens[k + 1][:1] in _PHRASE_START):
            return True
        return tok == "al" and k > 0 and tokens[k - 1].lower() == "et"  # "Smith J, et al Title"

    i = 0
    while i < n - 1:
        left, right = out[i], out[i + 1]
        if left == right or left not in _SNAPPED or right not in _SNAPPED:
            i += 1
            continue
        if ends_phrase(i):
            i += 1
            continue
        back = None  # the last phrase end inside the left run, before token i
        j = i - 1
        while j >= max(0, i - _MAX_SHIFT) and out[j] == left:
            if ends_phrase(j):
                back = j
                break
            j -= 1
        fwd = None  # the first phrase end inside the right run, before its last token
        k = i + 1
        while k <= i + _MAX_SHIFT and k < n - 1 and out[k] == right and out[k + 1] == right:
            if tokens[k][-1:] in _FIRM_END:  # "Rev." may abbreviate; "Rev.," ends
                fwd = k
                break
            k += 1
        if back is not None and not _may_move(left, right, tokens[back + 1 : i + 1]):
            back = None
        if back is None and fwd is None:
            i += 1
            continue
        if fwd is None or (back is not None and i - back <= fwd - i):
            assert back is not None
            for m in range(back + 1, i + 1):
                out[m] = right
        else:
            for m in range(i + 1, fwd + 1):
                out[m] = left
        i += 1
    return out


def spans(text: str) -> dict[str, list[str]]:
    """The text of each run of same-labelled tokens, grouped by label, in order."""
    tagged = tag(text)
    if not tagged:
        return {}
    tokens = [t for t, _ in tagged]
    labels = snap_boundaries([t.text for t in tokens], [lab for _, lab in tagged])
    out: dict[str, list[str]] = {}
    run: list[Token] = []
    label = ""
    for tok, lab in [*zip(tokens, labels, strict=True), (Token("", len(text), len(text)), "")]:
        if lab != label and run:
            out.setdefault(label, []).append(text[run[0].start : run[-1].end])
            run = []
        label = lab
        run.append(tok)
    return out

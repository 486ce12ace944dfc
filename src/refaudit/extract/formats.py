"""Each input format to lines of visible text, one item per line of the original file."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from refaudit.doi import normalize_doi
from refaudit.errors import InputError
from refaudit.extract.text import normalize_line

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")


def detect_format(path: str, data: bytes) -> str:
    """'docx', 'html', 'markdown' or 'text', from the extension and, failing that, the content."""
    lower = path.lower()
    if lower.endswith(".docx") or (data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]):
        return "docx"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:8192].lower():
        return "html"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return "markdown" if _looks_like_markdown(data[:65536]) else "text"


def _looks_like_markdown(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore")
    return bool(
        re.search(r"^#{1,6} \S", text, re.M)
        or re.search(r"^\[\^[^\]]+\]:", text, re.M)
        or re.search(r"\[[^\]\n]+\]\(https?://[^)\s]+\)", text)
    )


# --- Markdown ---------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_COMMENT = re.compile(r"<!--.*?-->")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(
    r"(?<![\\^])\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_REF_LINK = re.compile(r"(?<![\\^])\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
# The end of a reference-style link whose text began on the line above: "Get Fat][24]".
_REF_LINK_TAIL = re.compile(r"^([^\[\]\n]*)\]\[[^\[\]\n]*\]")
# Template tags of static-site generators ({% include figure.html caption="..." %}): markup.
_TEMPLATE_OPEN = "{%"
_TEMPLATE_CLOSE = "%}"
# A footnote marker in the text ([^12], [^smith]), not its definition ([^12]: ...).
FOOTNOTE_MARKER = re.compile(r"\[\^(?P<label>[^\]\s]{1,40})\](?!:)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|doi):[^<>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_SUP = re.compile(r"(?<=[^\d\s])<sup>\s*(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\s*</sup>", re.I)
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LIST = re.compile(r"^(\s*(?:[-*+]|\d{1,4}[.)])\s+)(?:\[[ xX]\]\s+)?(.*)$")
# `[label]: url "title"`: a link reference definition, never shown to readers.
_LINK_DEF = re.compile(
    r"^\s{0,3}\[(?!\^)[^\[\]\n]{1,200}\]:\s*(?:<[^<>\n]*>|\S+)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*$"
)
_BOLD_LINE = re.compile(
    r"^\s{0,3}(?:\*\*|__|<(?:strong|b)>)(?P<text>[^*_<>\n]{1,80}?)(?:\*\*|__|</(?:strong|b)>)"
    r"\s*:?\s*$",
    re.I,
)
_HTML_LI = re.compile(r"^\s*(?:<(?:ol|ul)\b[^>]*>\s*)*<li\b[^>]*>", re.I)
_HTML_LIST_OPEN = re.compile(r"<(ol|ul)\b[^>]*>", re.I)
_HTML_LIST_CLOSE = re.compile(r"</(ol|ul)\s*>", re.I)


_NUMERIC_TEXT = re.compile(r"^\s*\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\s*$")


def _link_text(match: re.Match[str]) -> str:
    text, url = match.group(1), match.group(2)
    if url.startswith("#") and _NUMERIC_TEXT.match(text):
        return f"[{text.strip()}]"  # a numbered citation linked to the list: [3](#references)
    if not url or url.startswith("#") or not text:
        return text or url
    if url in text:
        return text
    doi_text, doi_url = normalize_doi(text), normalize_doi(url)
    if doi_text and doi_text == doi_url:
        return text
    return f"{text} ({url})"


def _markdown_inline(text: str) -> str:
    code: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        code.append(m.group(2).strip())
        return f"\x00{len(code) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(_link_text, text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _SUP.sub(lambda m: f"[{m.group(1)}]", text)
    text = _TAG.sub("", text)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        text = _STRONG.sub(lambda m: m.group(2), text)
        text = _EM_STAR.sub(lambda m: m.group(1), text)
        text = _EM_UNDER.sub(lambda m: m.group(1), text)
    text = _STRIKE.sub(lambda m: m.group(1), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    return re.sub("\x00(\\d+)\x00", lambda m: code[int(m.group(1))], text)


def _table_row(line: str) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return "  ".join(c for c in cells if c)


def markdown_lines(lines: Sequence[str]) -> list[str]:
    """Markdown source lines to visible text lines (headings, links, emphasis, comments ...)."""
    return markdown_layout(lines)[0]


def markdown_layout(lines: Sequence[str]) -> tuple[list[str], dict[int, int]]:
    """Visible text lines and the headings among them: {1-based line: level (1-6, 7 = bold)}."""
    out: list[str] = []
    headings: dict[int, int] = {}
    fence: str | None = None
    in_comment = False
    in_template = False
    link_open = False  # the line above left a link text's "[" open
    html_lists: list[list[int]] = []  # open <ol>/<ul> in raw HTML: [next number] or []
    front = _front_matter_end(lines)
    for i, raw in enumerate(lines):
        line = raw
        if i <= front:
            out.append("")  # YAML/TOML front matter: metadata, not text
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append("")
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                out.append("")
                continue
            in_comment = False
            line = line[end + 3 :]
        line = _COMMENT.sub("", line)
        start = line.find("<!--")
        if start >= 0:
            in_comment = True
            line = line[:start]
        if in_template or _TEMPLATE_OPEN in line:
            stripped, still_open = _strip_templates(line, in_template)
            closes = any(_TEMPLATE_CLOSE in later for later in lines[i + 1 : i + 41])
            if not still_open or in_template or closes:  # an unclosed "{%" is only text
                line, in_template = stripped, still_open
        if link_open:
            line = _REF_LINK_TAIL.sub(lambda m: m.group(1), line)
        link_open = line.rfind("[") > line.rfind("]")
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            out.append("")
            continue
        if _RULE.match(line) or _TABLE_SEP.match(line) or _LINK_DEF.match(line):
            out.append("")
            continue
        if _SETEXT.match(line) and out and out[-1].strip() and i > 0 and lines[i - 1].strip():
            headings[i] = 1 if line.strip().startswith("=") else 2
            out.append("")  # the underline of a Setext heading; the text stays on its own line
            continue
        heading = _ATX.match(line)
        if heading:
            headings[i + 1] = len(heading.group(1))
            out.append(_markdown_inline(heading.group(2)).strip())
            continue
        if _BOLD_LINE.match(line):
            headings[i + 1] = 7
        line = _QUOTE.sub("", line)
        if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
            line = _table_row(line)
        if "<" in line:
            line = _html_list_item(line, html_lists)
        listed = _LIST.match(line)
        if listed:
            out.append(listed.group(1) + _markdown_inline(listed.group(2)).rstrip())
        else:
            out.append(_markdown_inline(line).rstrip())
    return out, headings


def _strip_templates(line: str, inside: bool) -> tuple[str, bool]:
    """`line` without its `{% ... %}` template tags (which may span lines), and whether a tag
    is still open at its end. A footnote marker in a tag's text stays: it still cites."""
    out: list[str] = []
    pos = 0
    while pos <= len(line):
        if inside:
            end = line.find(_TEMPLATE_CLOSE, pos)
            inner = line[pos:] if end < 0 else line[pos:end]
            out.extend(f" {m.group(0)}" for m in FOOTNOTE_MARKER.finditer(inner))
            if end < 0:
                return "".join(out), True
            pos, inside = end + len(_TEMPLATE_CLOSE), False
            continue
        start = line.find(_TEMPLATE_OPEN, pos)
        if start < 0:
            out.append(line[pos:])
            break
        out.append(line[pos:start])
        pos, inside = start + len(_TEMPLATE_OPEN), True
    return "".join(out), False


def _front_matter_end(lines: Sequence[str]) -> int:
    """Index of the line closing the front matter ('---' ... '---'), or -1 when there is none."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return -1
    fence = lines[0].strip()
    for i in range(1, min(len(lines), 500)):
        if lines[i].strip() == fence or (fence == "---" and lines[i].strip() == "..."):
            return i
    return -1


def _html_list_item(line: str, lists: list[list[int]]) -> str:
    """Raw HTML list markup in Markdown: an `<li>` becomes '- ' or 'N. ', as it renders."""
    li = _HTML_LI.match(line)
    for tag in _HTML_LIST_OPEN.finditer(line[: li.end()] if li else line):
        lists.append([1] if tag.group(1).lower() == "ol" else [])
    if li:
        counter = lists[-1] if lists else []
        marker = f"{counter[0]}. " if counter else "- "
        if counter:
            counter[0] += 1
        line = marker + line[li.end() :].lstrip()
        for tag in _HTML_LIST_OPEN.finditer(line):
            lists.append([1] if tag.group(1).lower() == "ol" else [])
    for _ in _HTML_LIST_CLOSE.finditer(line):
        if lists:
            lists.pop()
    return line


# --- HTML -------------------------------------------------------------------------------

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "head", "title", "iframe",
     "canvas", "object", "select", "button", "math"}
)  # fmt: skip
_BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section",
     "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "br"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BARE_MARKER = re.compile(r"^(?:\d+\.|-)$")
_CITATION_SUP = re.compile(r"^\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*$")


@dataclass(frozen=True, slots=True)
class _Block:
    line: int  # 1-based source line where the block's text starts
    text: str
    pre: bool = False
    heading: int = 0  # 1-6 for <h1>..<h6>, 7 for a paragraph that is only bold text


class _VisibleText(HTMLParser):
    """Collects visible text as blocks, each with the source line where it starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self._parts: list[str] = []
        self._line: int | None = None
        self._skip: list[str] = []
        self._pre = 0
        self._sup: list[str] | None = None
        self._lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self._heading = 0
        self._bold: list[str] | None = None  # text of the <strong>/<b> run that opened a block

    def _flush(self) -> None:
        text = "".join(self._parts)
        text = text.strip("\n") if self._pre else " ".join(text.split())
        if _BARE_MARKER.match(text):
            # a list item whose text sits in a nested block: carry its number over
            self._parts, self._line = [text + " "], None
            return
        if text and self._line is not None:
            bold = self._bold is not None and " ".join("".join(self._bold).split()) == text
            level = self._heading or (7 if bold and len(text) <= 80 else 0)
            self.blocks.append(_Block(self._line, text, pre=bool(self._pre), heading=level))
        self._parts, self._line = [], None
        self._heading, self._bold = 0, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skip.clear()
        if self._skip:
            if tag in _SKIP and tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _SKIP:
            self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
        if tag in _HEADINGS:
            self._heading = int(tag[1])
        elif tag in ("strong", "b") and not "".join(self._parts).strip():
            self._bold = []
        if tag == "pre":
            self._pre += 1
        elif tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self._lists.append([int(start)] if tag == "ol" and start.isdigit() else [])
        elif tag == "li":
            self._line = self.getpos()[0]
            if self._lists and self._lists[-1]:
                self._parts.append(f"{self._lists[-1][0]}. ")
                self._lists[-1][0] += 1
            else:
                self._parts.append("- ")
        elif tag in ("td", "th"):
            self._parts.append("  ")
        elif tag == "sup":
            self._sup = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag == "sup" and self._sup is not None:
            self._close_sup()
        if tag in _BLOCK:
            self._flush()
        if tag == "pre" and self._pre:
            self._pre -= 1
        elif tag in ("ol", "ul") and self._lists:
            self._lists.pop()

    def _close_sup(self) -> None:
        text, self._sup = "".join(self._sup or []), None
        before = "".join(self._parts).rstrip()
        if _CITATION_SUP.match(text) and before and not before[-1].isdigit():
            self._parts.append(f"[{text.strip()}]")  # a superscript citation number
        elif text.strip():
            self._parts.append(("^" if before[-1:].isdigit() else "") + text)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._sup is not None:
            self._sup.append(data)
            return
        if self._line is None:
            stripped = data.lstrip()
            if not stripped:
                return
            self._line = self.getpos()[0] + data[: len(data) - len(stripped)].count("\n")
        self._parts.append(data)
        if self._bold is not None:
            self._bold.append(data)

    def close(self) -> None:
        super().close()
        if self._sup is not None:
            self._close_sup()
        self._flush()


def html_lines(text: str, line_count: int) -> list[str]:
    """Visible text of an HTML page, each block on the source line where it starts."""
    return html_layout(text, line_count)[0]


def html_layout(text: str, line_count: int) -> tuple[list[str], dict[int, int]]:
    """Visible lines of an HTML page and its headings ({1-based line: level})."""
    parser = _VisibleText()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    out = [""] * max(line_count, 1)
    headings: dict[int, int] = {}
    blocks = parser.blocks
    for k, block in enumerate(blocks):
        texts = block.text.split("\n") if block.pre else [block.text]
        limit = blocks[k + 1].line if k + 1 < len(blocks) else len(out) + 1
        for j, piece in enumerate(texts):
            at = _place(out, block.line + j, limit, normalize_line(piece.rstrip()))
            if block.heading and at is not None:
                headings[at] = block.heading
    return out, headings


def _place(out: list[str], line: int, limit: int, text: str) -> int | None:
    """Put `text` on `line`, or on the next free line before `limit`, or append to `line`.

    Returns the 1-based line when the text has a line of its own, else None.
    """
    index = min(max(line, 1), len(out)) - 1
    for free in range(index, min(limit - 1, len(out))):
        if not out[free]:
            out[free] = text
            return free + 1
    out[index] = f"{out[index]} {text}" if out[index] else text
    return None


# --- docx -------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(data: bytes, path: str) -> list[str]:
    """The paragraphs of a Word document in order, one line each (numbering made visible)."""
    return docx_layout(data, path)[0]


def docx_layout(data: bytes, path: str) -> tuple[list[str], dict[int, int]]:
    """The paragraphs of a Word document, one line each, and its headings ({line: level})."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not a readable .docx file ({exc})") from exc
    except Exception as exc:  # python-docx raises its own errors for broken packages
        raise InputError(f"{path}: not a readable .docx file ({exc})") from exc
    formats = _numbering_formats(document)
    counters: dict[tuple[str, str], int] = {}
    out: list[str] = []
    headings: dict[int, int] = {}
    # paragraph.style scans every style of the document for the default on each call (seconds
    # for a short document): looked up once per style id instead.
    styles: dict[str | None, tuple[Any, str]] = {}
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.replace("\r", "\n").split("\n"))
        style_id = paragraph._p.style
        if style_id not in styles:
            found = paragraph.style
            styles[style_id] = (
                (found.element, found.name or "") if found is not None else (None, "")
            )
        style, name = styles[style_id]
        level = re.match(r"(?:heading|titre|überschrift|título)\s*(\d)$", name.strip(), re.I)
        if level or name.strip().lower() in ("title", "subtitle"):
            headings[len(out) + 1] = int(level.group(1)) if level else 1
        prefix = _number_prefix(paragraph._p, style, formats, counters)
        out.append(normalize_line(prefix + text).rstrip())
    return out, headings


def _numbering_formats(document: Any) -> dict[tuple[str, str], tuple[str, int]]:
    """(numId, ilvl) -> (numFmt, start) from the document's numbering part, if any."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    abstract: dict[str, dict[str, tuple[str, int]]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels: dict[str, tuple[str, int]] = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            start = lvl.find(f"{_W}start")
            value = start.get(f"{_W}val") if start is not None else "1"
            levels[lvl.get(f"{_W}ilvl", "0")] = (
                fmt.get(f"{_W}val", "") if fmt is not None else "",
                int(value) if value and value.isdigit() else 1,
            )
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    out: dict[tuple[str, str], tuple[str, int]] = {}
    for num in root.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
            out[(num.get(f"{_W}numId", ""), ilvl)] = spec
    return out


def _number_prefix(
    p: Any,
    style: Any,
    formats: dict[tuple[str, str], tuple[str, int]],
    counters: dict[tuple[str, str], int],
) -> str:
    """'3. ' or '- ' for a paragraph Word numbers itself (directly or through its style)."""
    num_pr = p.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None and style is not None:
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None:
        return ""
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    key = (
        num_id.get(f"{_W}val", "") if num_id is not None else "",
        ilvl.get(f"{_W}val", "0") if ilvl is not None else "0",
    )
    fmt, start = formats.get(key, ("", 1))
    if fmt == "decimal":
        counters[key] = counters.get(key, start - 1) + 1
        return f"{counters[key]}. "
    if fmt in ("bullet", ""):
        return "- " if fmt == "bullet" else ""
    return ""


def visible_lines(fmt: str, lines: Sequence[str]) -> list[str]:
    """Visible text lines for a decoded text format ('text', 'markdown' or 'html')."""
    return visible_layout(fmt, lines)[0]


def visible_layout(fmt: str, lines: Sequence[str]) -> tuple[list[str], dict[int, int]]:
    """Visible text lines and the headings the markup marks ({1-based line: level})."""
    if fmt == "markdown":
        return markdown_layout(lines)
    if fmt == "html":
        return html_layout("\n".join(lines), len(lines))
    return [ln.rstrip() for ln in lines], {}

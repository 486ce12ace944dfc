"""Export the audited references (BibTeX, CSL-JSON, RIS) and fix the printed list."""

from __future__ import annotations

from dataclasses import dataclass

from refaudit.errors import ConfigError
from refaudit.model import DocumentResult, Reference, Resolution

FORMATS = ("bibtex", "csl-json", "ris")


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One reference to export with its resolution; `key` forces the citation key."""

    reference: Reference
    resolution: Resolution | None
    key: str | None = None


def items_of(doc: DocumentResult) -> tuple[ExportItem, ...]:
    """One ExportItem per reference of the document, with its resolution."""
    return tuple(ExportItem(ref, doc.resolution_for(ref.n)) for ref in doc.document.references)


def export(
    doc: DocumentResult,
    to: str = "bibtex",
    *,
    key_format: str | None = None,
    ascii: bool = False,
    taken: set[str] | None = None,
) -> str:
    """The document's references in format `to` ("bibtex" | "csl-json" | "ris"). Pass the same
    `taken` set for every document of one run so that keys are unique across all of them."""
    from refaudit.export import bibtex, csljson, ris

    items = items_of(doc)
    if to == "bibtex":
        return bibtex.to_bibtex(
            items, ascii=ascii, key_format=key_format, document=doc.document, taken=taken
        )
    if to == "csl-json":
        return csljson.to_csl_json(items, key_format=key_format, taken=taken)
    if to == "ris":
        return ris.to_ris(items, key_format=key_format, taken=taken)
    raise ConfigError(f"unknown export format {to!r}", hint="use one of: " + ", ".join(FORMATS))


__all__ = ["FORMATS", "ExportItem", "export", "items_of"]

"""Parse an XML file safely, and the small helpers the IATI reader and the ruleset share.

The parser resolves no entity, reads no DTD, touches no network and keeps libxml2's limits on depth and text
size (``huge_tree=False``); a file that declares a DTD or an entity is refused before it is parsed (entity
expansion is how a few hundred bytes become gigabytes). Each element keeps its line (``sourceline``).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from mptf.engine.findings import Findings, Loc
from mptf.indicators.iati import NAMESPACE
from mptf.indicators.limits import Limits, TooLarge

__all__ = ["attr", "ext", "local", "narrative", "parse_xml", "safe_parser"]


def safe_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and reads nothing from the network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


def parse_xml(path: Path, label: str, findings: Findings, limits: Limits | None = None):
    """The parsed tree of ``path``, or None with a fatal finding (``too-large``, ``unsafe-xml``, ``xml-syntax``,
    ``unreadable-file``)."""
    loc = Loc(file=label)
    limits = limits or Limits()
    try:
        limits.check_size(path.stat().st_size, "file-mb")
        data = path.read_bytes()
    except TooLarge as err:
        findings.add("too-large", loc, **err.fields)
        return None
    except OSError as err:
        findings.add("unreadable-file", loc, what=f"cannot read the file: {err.strerror}", fix="check the path")
        return None
    head = data[:65536]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        at = head.find(b"<!DOCTYPE")
        line = data[: at if at >= 0 else data.find(b"<!ENTITY")].count(b"\n") + 1
        findings.add("unsafe-xml", loc.at(line=line), what="a document type declaration (DTD) or an entity")
        return None
    try:
        return etree.fromstring(data, safe_parser()).getroottree()
    except etree.XMLSyntaxError as err:
        findings.add("xml-syntax", loc.at(line=err.lineno or None), error=err.msg or str(err))
        return None


def local(element) -> str:
    """An element's name without its namespace; ``""`` for comments and processing instructions."""
    if not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname if element.tag.startswith("{") else element.tag


def attr(element, name: str) -> str | None:
    """An attribute's text, stripped; None when absent."""
    value = element.get(name)
    return None if value is None else value.strip()


def ext(element, name: str) -> str | None:
    """An attribute of the extension namespace (``mptf:name``), None when absent."""
    return element.get(f"{{{NAMESPACE}}}{name}")


def narrative(element) -> str | None:
    """The text of an element's narratives (the first without a language or in English, else the first); an
    IATI 1.0x element's own text when it has no narrative."""
    if element is None:
        return None
    texts = [
        ((n.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower(), (n.text or "").strip())
        for n in element
        if local(n) == "narrative" and (n.text or "").strip()
    ]
    for lang, text in texts:
        if lang in ("", "en"):
            return text
    if texts:
        return texts[0][1]
    own = (element.text or "").strip()
    return own or None

"""The two GeoReport formats, chosen by the URL's suffix (``services.xml``), not by Accept.

XML uses the standard's element names: a list is wrapped in its root element with one
child per item (``<services><service>…``), nested lists likewise
(``<attributes><attribute>…``, ``<values><value>…``), errors in ``<errors><error>``.
"""

import re
from io import StringIO

from django.utils.xmlutils import SimplerXMLGenerator
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

# Child element of each list, by the name of the list's element.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}
# Characters XML 1.0 cannot carry at all, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class ByURLFormat(BaseContentNegotiation):
    """Each view has exactly one renderer: the format its URL named."""

    def select_parser(self, request, parsers):
        for parser in parsers:
            if parser.media_type.split(";")[0] == (request.content_type or "").split(";")[0]:
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


class GeoReportJSONRenderer(JSONRenderer):
    charset = "utf-8"
    ensure_ascii = False


class GeoReportXMLRenderer(BaseRenderer):
    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        view = renderer_context.get("view")
        if response is not None and response.exception:
            root = "errors"
        else:
            root = getattr(view, "xml_root", "response")
        stream = StringIO()
        xml = SimplerXMLGenerator(stream, self.charset)
        xml.startDocument()
        _element(xml, root, data)
        xml.endDocument()
        return stream.getvalue().encode(self.charset)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _element(xml, name, value):
    xml.startElement(name, {})
    if isinstance(value, list | tuple):
        item = ITEM_NAMES.get(name, "item")
        for entry in value:
            _element(xml, item, entry)
    elif isinstance(value, dict):
        for key, entry in value.items():
            _element(xml, key, entry)
    else:
        xml.characters(_text(value))
    xml.endElement(name)

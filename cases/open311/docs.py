"""The OpenAPI description of the endpoints (drf-spectacular), as the standard defines them."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .intake import RequestInput


def _nullable(kind, **extra):
    return {"type": kind, "nullable": True, **extra}


ERRORS = {
    "type": "array",
    "description": "The standard's error list (<errors><error> in XML).",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": {"type": "string"},
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": {"type": "string"},
        "group": {"type": "string"},
    },
}
ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required", "order", "description"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": {"type": "string"},
        "datatype": {
            "type": "string",
            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
        },
        "required": {"type": "boolean"},
        "datatype_description": _nullable("string"),
        "order": {"type": "integer"},
        "description": {"type": "string"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
}
SERVICE_REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "requested_datetime"],
    "properties": {
        "service_request_id": {"type": "string", "description": "The case number."},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": _nullable("string", description="Our state, and the outcome if any."),
        "service_name": _nullable("string"),
        "service_code": _nullable("string"),
        "description": _nullable("string", description="Never shown: it may name the person."),
        "agency_responsible": _nullable("string", description="The department holding it."),
        "service_notice": _nullable("string"),
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": _nullable("string", format="date-time"),
        "expected_datetime": _nullable(
            "string", format="date-time", description="The resolution date promised."
        ),
        "address": _nullable("string"),
        "address_id": _nullable("string"),
        "zipcode": _nullable("string"),
        "lat": _nullable("number"),
        "long": _nullable("number"),
        "media_url": _nullable(
            "string",
            description=(
                "The file the request was filed with (its media part): a random address "
                "under /open311/v2/media/, downloaded with an api_key of the jurisdiction."
            ),
        ),
    },
}
CREATED = {
    "type": "object",
    "required": ["service_request_id"],
    "properties": {
        "service_request_id": {"type": "string", "description": "The case number."},
        "token": {"type": "string", "description": "For GET tokens/{token}."},
        "service_notice": _nullable("string"),
        "account_id": _nullable("string"),
        "expected_datetime": _nullable(
            "string", format="date-time", description="The resolution date on the receipt."
        ),
    },
}
TOKEN_ANSWER = {
    "type": "object",
    "required": ["service_request_id", "token"],
    "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
}


def _array(item):
    return {"type": "array", "items": item}


JURISDICTION = OpenApiParameter(
    "jurisdiction_id",
    {"type": "string", "pattern": "^[A-Za-z0-9]{1,10}$", "example": "WW"},
    OpenApiParameter.QUERY,
    required=True,
    description="The organisation's short code, e.g. WW.",
)
COMMON_ERRORS = {
    400: ERRORS,
    404: ERRORS,
    429: ERRORS,
}


def _responses(ok, status=200):
    return {status: ok, **COMMON_ERRORS}


SERVICE_LIST = {
    "tags": ["services"],
    "summary": "GET Service List: the organisation's public matters",
    "parameters": [JURISDICTION],
    "responses": _responses(_array(SERVICE)),
}
SERVICE_DEFINITION = {
    "tags": ["services"],
    "summary": "GET Service Definition: the attributes a request of this service takes",
    "parameters": [JURISDICTION],
    "responses": _responses(
        {
            "type": "object",
            "required": ["service_code", "attributes"],
            "properties": {"service_code": {"type": "string"}, "attributes": _array(ATTRIBUTE)},
        }
    ),
}
LIST_PATTERN = r"^(open|closed)(,(open|closed))*$"
# What views._filtered accepts: comma-separated service codes (digits), blanks around them.
CODES_PATTERN = r"^ *([0-9]{1,12})? *(, *([0-9]{1,12})? *)*$"
REQUEST_LIST = {
    "tags": ["requests"],
    "summary": "GET Service Requests: requests of the last 90 days (at most 1,000)",
    "parameters": [
        JURISDICTION,
        OpenApiParameter(
            "service_request_id",
            OpenApiTypes.STR,
            description="Case numbers, comma separated; overrides the other parameters.",
        ),
        OpenApiParameter(
            "service_code",
            {"type": "string", "pattern": CODES_PATTERN},
            description="Service codes, comma separated.",
        ),
        OpenApiParameter("start_date", OpenApiTypes.DATETIME),
        OpenApiParameter("end_date", OpenApiTypes.DATETIME),
        OpenApiParameter("status", {"type": "string", "pattern": LIST_PATTERN}),
    ],
    "responses": _responses(_array(SERVICE_REQUEST)),
}
REQUEST_DETAIL = {
    "tags": ["requests"],
    "summary": "GET Service Request",
    "parameters": [JURISDICTION],
    "responses": _responses(_array(SERVICE_REQUEST)),
}
TOKEN = {
    "tags": ["tokens"],
    "summary": "GET request id from a token",
    "parameters": [JURISDICTION],
    "responses": _responses(_array(TOKEN_ANSWER)),
}
REQUEST_CREATE = {
    "tags": ["requests"],
    "summary": "POST Service Request: file a case (api_key required)",
    "description": (
        "Form-encoded, as the standard sends it. The api_key may also come in an "
        "X-Api-Key header. jurisdiction_id defaults to the key's organisation. A photo or "
        "document may come with it as a multipart/form-data file part named media (JPEG, "
        "PNG, WebP, GIF, PDF or an Office document, checked by its content; a refused file "
        "is a 400 and nothing is filed)."
    ),
    "request": RequestInput,
    "responses": {**_responses(_array(CREATED), status=201), 403: ERRORS, 413: ERRORS},
}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The key as a header for OpenAPI tools; the standard's ``api_key`` form field works too."""

    target_class = "cases.open311.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key"}


def lat_long_together(result, generator, request, public):
    """Post-processing hook: the request body says lat and long come together or not at all
    (OpenAPI 3.0 has no ``dependentRequired``)."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("RequestInput"):
            schema["anyOf"] = [
                {"required": ["lat", "long"]},
                {"not": {"anyOf": [{"required": ["lat"]}, {"required": ["long"]}]}},
            ]
    return result

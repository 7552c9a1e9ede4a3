"""The documentation page's content, read from the OpenAPI document itself.

So the page and the document cannot disagree: every collection, parameter and field the page
lists is the schema's, with the schema's descriptions.
"""

from dataclasses import dataclass

from drf_spectacular.generators import SchemaGenerator

_TYPE_WORDS = {
    "integer": "Whole number",
    "string": "Text",
    "boolean": "True or false",
    "number": "Number",
    "array": "List",
    "object": "Object",
}
_FORMAT_WORDS = {
    "date": "Date (YYYY-MM-DD)",
    "time": "Time (HH:MM:SS)",
    "uri": "Web address",
    "decimal": "Decimal number as text",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    summary: str
    description: str
    path: str
    operation_id: str
    parameters: list[Field]
    fields: list[Field]


def openapi_document() -> dict:
    """The OpenAPI 3 document of the API."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _kind(schema: dict) -> str:
    kind = _FORMAT_WORDS.get(schema.get("format", "")) or _TYPE_WORDS.get(
        schema.get("type", ""), "Text"
    )
    if schema.get("type") == "array":
        kind = "List of " + _TYPE_WORDS.get(schema.get("items", {}).get("type", ""), "text").lower()
    if schema.get("nullable"):
        kind += ", or null"
    return kind


def _component(document: dict, ref: str) -> dict:
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def endpoints(document: dict) -> list[Endpoint]:
    """Each collection of the document, with its parameters and record fields, in order."""
    out = []
    for path, operations in document["paths"].items():
        op = operations.get("get")
        if op is None:
            continue
        body = op["responses"]["200"]["content"]["application/json"]["schema"]
        page = _component(document, body["$ref"]) if "$ref" in body else body
        record = page["properties"]["results"]["items"]
        record = _component(document, record["$ref"]) if "$ref" in record else record
        fields = [
            Field(name, _kind(spec), spec.get("description", ""))
            for name, spec in record["properties"].items()
        ]
        parameters = [
            Field(p["name"], _kind(p.get("schema", {})), p.get("description", ""))
            for p in op.get("parameters", [])
            if p["in"] == "query"
        ]
        out.append(
            Endpoint(
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                path=path,
                operation_id=op["operationId"],
                parameters=parameters,
                fields=fields,
            )
        )
    return out


def json_endpoints_only(endpoints: list) -> list:
    """drf-spectacular preprocessing hook: leave the CSV downloads out of the document."""
    return [e for e in endpoints if not e[0].endswith(".csv")]

"""Shared by the Open311 tests: the repair service's definition, the XML error list."""

import xml.etree.ElementTree as ET

# The repair category's attributes as seeded by the migration, in the spec's shape.
UNIT_FLOOR = [
    {
        "variable": True,
        "code": "unit",
        "datatype": "string",
        "required": False,
        "datatype_description": "单元号，例如：3单元",
        "order": 1,
        "description": "单元",
        "values": [],
    },
    {
        "variable": True,
        "code": "floor",
        "datatype": "number",
        "required": False,
        "datatype_description": "整数，地下一层填 -1",
        "order": 2,
        "description": "楼层",
        "values": [],
    },
]


def error_xml(root: ET.Element) -> list[str]:
    """The codes of an <errors> document, each error with a description."""
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors
    for error in errors:
        assert error.findtext("description")
    return [error.findtext("code") for error in errors]

"""Every operation documents the problem answers it may give, so a client's
generated code (and schemathesis) knows them."""

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
ERRORS = {
    "400": "The request is not valid.",
    "401": "Authentication is required.",
    "403": "You may not do this.",
    "404": "Not found.",
    "405": "This method is not allowed here.",
    "406": "The requested format cannot be produced.",
    "409": "This cannot be done in the current state.",
    "415": "The request body format is not supported.",
    "422": "The request cannot be processed.",
    "429": "Too many requests.",
}


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                if code in ("415", "422") and method == "get":
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": text,
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result

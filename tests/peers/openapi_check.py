"""src/api/openapi.json held to the server's real answers: every answer's status must be
one the document lists for its operation, and its JSON body must fit the schema given
(types, required members, enums, no member the schema does not name)."""

import json
import os
import re

DOCUMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "api",
                        "openapi.json")

TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool,
         "number": (int, float)}


def load():
    with open(DOCUMENT) as f:
        return json.load(f)


class Checker:
    def __init__(self, document=None):
        self.document = document or load()
        self.paths = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "/?$"), p)
                      for p in self.document["paths"]]

    def operation(self, method, path):
        path = path.split("?")[0]
        for rx, template in self.paths:
            if rx.match(path):
                op = self.document["paths"][template].get(method.lower())
                if op is not None:
                    return template, op
        raise AssertionError(f"{method} {path} is not in openapi.json")

    def resolve(self, node):
        while "$ref" in node:
            name = node["$ref"].split("/")
            node = self.document
            for part in name[1:]:
                node = node[part]
        return node

    def validate(self, value, schema, where):
        schema = self.resolve(schema)
        if value is None and schema.get("nullable"):
            return
        for part in schema.get("allOf", []):
            self.validate(value, part, where)
        if "oneOf" in schema:
            errors = []
            for part in schema["oneOf"]:
                try:
                    self.validate(value, part, where)
                    break
                except AssertionError as e:
                    errors.append(str(e))
            else:
                raise AssertionError(f"{where}: fits none of oneOf: {errors}")
        kind = schema.get("type")
        if kind is not None:
            if not isinstance(value, TYPES[kind]) or (kind == "integer" and isinstance(value, bool)):
                raise AssertionError(f"{where}: {value!r} is not {kind}")
        if "enum" in schema and value not in schema["enum"]:
            raise AssertionError(f"{where}: {value!r} not in {schema['enum']}")
        if isinstance(value, dict) and ("properties" in schema or "required" in schema):
            properties = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    raise AssertionError(f"{where}: {name} is required")
            if schema.get("additionalProperties", True) is not True or properties:
                extra = schema.get("additionalProperties")
                for name, member in value.items():
                    if name in properties:
                        self.validate(member, properties[name], f"{where}.{name}")
                    elif isinstance(extra, dict):
                        self.validate(member, extra, f"{where}.{name}")
                    elif extra is not True:
                        raise AssertionError(f"{where}: {name} is not in the schema")
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                self.validate(item, schema["items"], f"{where}[{i}]")

    def check(self, method, path, status, body):
        template, op = self.operation(method, path)
        responses = op.get("responses", {})
        where = f"{method} {template} {status}"
        if str(status) not in responses:
            raise AssertionError(f"{where}: not among the documented {sorted(responses)}")
        response = self.resolve(responses[str(status)])
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None and not isinstance(body, str):
            self.validate(body, schema, where)
        elif schema is None and body not in (None, ""):
            raise AssertionError(f"{where}: a body the document does not describe: {body!r}")


class CheckedApi:
    """An Api whose every answer is checked against openapi.json."""

    def __init__(self, api, checker=None):
        self.api = api
        self.checker = checker or Checker()

    def curl(self, method, path, *args, **kw):
        code, body = self.api.curl(method, path, *args, **kw)
        self.checker.check(method, path, code, body)
        return code, body

    def get(self, path, **kw):
        return self.curl("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.curl("POST", path, body if body is not None else "", **kw)

    def delete(self, path, **kw):
        return self.curl("DELETE", path, **kw)

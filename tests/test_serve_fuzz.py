"""The API describes itself (GET /openapi.json) and is fuzzed against that description, on a running server.

Hypothesis makes bodies three ways, each a fixed number of times from a fixed seed (derandomize: the same requests
every run, in any test order): bodies the document says are valid (from its request schema), such bodies with one
field set to any JSON value or an unknown field added, and whole bodies of any kind (any JSON value, any bytes, deep
nesting). The document is the oracle: a valid body gets 200 and the reply its schema says; an invalid one gets a 400
whose error names the field. No request gets a 5xx, the server's log holds no traceback, and /health answers after.
A small JSON Schema reader below (the keywords the document uses) makes the bodies and checks them."""
import json
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from serve_helpers import Served, send, train_small_model

MAX_N, MAX_TOKENS = 4, 8                       # the fuzzed server's serve_max_n and serve_max_tokens: short replies
TALLY = {}                                     # (kind of body, status) -> count, printed at the end


def follow(schema, root):
    """schema with its $ref followed (only '#/...' references)."""
    while "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def is_unicode(text):
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def is_type(value, kind):
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return {"null": value is None, "boolean": isinstance(value, bool),
            "integer": number and (isinstance(value, int) or math.isfinite(value) and value.is_integer()),
            "number": number and (isinstance(value, int) or math.isfinite(value)),
            "string": isinstance(value, str) and is_unicode(value), "array": isinstance(value, list),
            "object": isinstance(value, dict)}[kind]


def equal(a, b):
    """JSON equality: true is not 1, 1.0 is 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b and (isinstance(a, (int, float)) == isinstance(b, (int, float)))


def valid(value, schema, root):
    """Whether value is valid under schema (JSON Schema: the keywords /openapi.json uses)."""
    schema = follow(schema, root)
    if "anyOf" in schema and not any(valid(value, s, root) for s in schema["anyOf"]):
        return False
    if "enum" in schema and not any(equal(value, e) for e in schema["enum"]):
        return False
    if "const" in schema and not equal(value, schema["const"]):
        return False
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(is_type(value, k) for k in kinds):
            return False
    if is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"] or "maximum" in schema and value > schema["maximum"]:
            return False
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            return False
    if isinstance(value, str) and not (schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 1e9)):
        return False
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", 1e9):
            return False
        if "items" in schema and not all(valid(v, schema["items"], root) for v in value):
            return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if [name for name in schema.get("required", []) if name not in value]:
            return False
        if schema.get("additionalProperties") is False and set(value) - set(properties):
            return False
        if len(value) > schema.get("maxProperties", 1e9):
            return False
        if not all(valid(v, properties[k], root) for k, v in value.items() if k in properties):
            return False
    return True


def strategy(schema, root):
    """Values valid under schema."""
    schema = follow(schema, root)
    if "anyOf" in schema:
        return st.one_of([strategy(s, root) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    options = []
    for kind in kinds:
        if kind == "null":
            options.append(st.none())
        elif kind == "boolean":
            options.append(st.booleans())
        elif kind == "integer":
            options.append(st.integers(schema.get("minimum"), schema.get("maximum")))
        elif kind == "number":
            low = schema.get("minimum", schema.get("exclusiveMinimum"))
            options.append(st.floats(low, schema.get("maximum"), exclude_min="exclusiveMinimum" in schema,
                                     allow_nan=False, allow_infinity=False))
        elif kind == "string":
            options.append(st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 40),
                                                                                      40)))
        elif kind == "array":
            options.append(st.lists(strategy(schema["items"], root), min_size=schema.get("minItems", 0),
                                    max_size=min(schema.get("maxItems", 4), 4)))
        elif kind == "object":
            properties = schema.get("properties", {})
            if schema.get("maxProperties") == 0:
                options.append(st.just({}))
            else:
                required = {k: strategy(properties[k], root) for k in schema.get("required", [])}
                optional = {k: strategy(s, root) for k, s in properties.items() if k not in required}
                options.append(st.fixed_dictionaries(required, optional=optional))
    return st.one_of(options)


def example(schema, root):
    """One plain value valid under schema."""
    schema = follow(schema, root)
    if "anyOf" in schema:
        return example(schema["anyOf"][0], root)
    if "enum" in schema or "const" in schema:
        return schema["enum"][0] if "enum" in schema else schema["const"]
    kind = schema["type"] if isinstance(schema["type"], str) else schema["type"][0]
    return {"null": None, "boolean": True, "integer": schema.get("minimum", 0), "number": schema.get("maximum", 1),
            "string": "x" * max(1, schema.get("minLength", 0)), "array": [], "object": {}}[kind]


def edges(schema, root):
    """Values at and just past each limit schema sets (some valid, some not), and of the kinds it nearly takes."""
    schema = follow(schema, root)
    out = [None, True, 0, 1.5, "", [], {}, "\ud800"]
    for inner in schema.get("anyOf", []):
        out += edges(inner, root)
    for key in ("minimum", "maximum", "exclusiveMinimum"):
        if key in schema:
            v = schema[key]
            out += [v, v - 1, v + 1, v + 0.5, v - 0.5, float(v), v * 10 ** 20 + 1, -v]
    for key in ("minLength", "maxLength"):
        if key in schema:
            out += ["x" * max(0, schema[key] + d) for d in (-1, 0, 1)] + ["a\udfff" * max(1, schema[key] // 2)]
    if "items" in schema:
        item = example(schema["items"], root)
        for key in ("minItems", "maxItems"):
            if key in schema:
                out += [[item] * max(0, schema[key] + d) for d in (-1, 0, 1)]
        out += [[e] for e in edges(schema["items"], root)]
    if "properties" in schema:
        for name, inner in schema["properties"].items():
            out += [{name: e} for e in edges(inner, root)]
        out.append({"other": 1})
    return out


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-2 ** 70, 2 ** 70) | st.floats() |
    st.text() | st.text(alphabet=st.characters(categories=["Cs"]), min_size=1) |     # lone surrogates
    st.sampled_from([10 ** 30, -1, 0, 2 ** 63, 1e400, "\ud800", "x" * 5000]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20)


def cross_field_problem(body):
    """What the document says only in words: n times the prompts is at most serve_max_n; best_of is 1 or n."""
    prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
    n = body.get("n") if body.get("n") is not None else 1
    if n * len(prompts) > MAX_N:
        return "n"
    if body.get("best_of") is not None and body["best_of"] not in (1, n):
        return "best_of"
    return None


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("fuzz"))


def post(port, body):
    """(status, reply: the JSON, or the list of streamed chunks) of one POST /v1/completions of raw bytes."""
    status, headers, raw = send(port, "POST", "/v1/completions", body, {"Content-Type": "application/json"})
    if status == 200 and headers["content-type"].startswith("text/event-stream"):
        lines = [line for line in raw.decode().split("\n\n") if line]
        assert lines[-1] == "data: [DONE]", raw
        return status, [json.loads(line[len("data: "):]) for line in lines[:-1]]
    return status, json.loads(raw)


def test_the_api_describes_itself_and_answers_every_generated_body_as_its_document_says(trained):
    served = Served(trained, serve_max_n=MAX_N, serve_max_tokens=MAX_TOKENS, serve_max_body=65536)
    try:
        status, document = served.request("GET", "/openapi.json")
        assert status == 200 and document["openapi"].startswith("3.")
        operation = document["paths"]["/v1/completions"]["post"]
        request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        error_schema = {"$ref": "#/components/schemas/Error"}
        assert {"200", "400", "415", "421", "500"} <= set(operation["responses"])
        for route in ("/", "/health", "/v1/models", "/openapi.json"):
            assert "get" in document["paths"][route]
        properties = follow(request_schema, document)["properties"]
        assert properties["top_k"]["anyOf"][0]["maximum"] == 300                 # the model's vocabulary
        assert properties["max_tokens"]["anyOf"][0]["maximum"] == MAX_TOKENS
        valid_bodies = strategy(request_schema, document)

        def check(kind, body, expect_param=None):
            """Send body; the document decides what must come back."""
            raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
            status, reply = post(served.port, raw)
            TALLY[kind, status] = TALLY.get((kind, status), 0) + 1
            assert status < 500, (kind, body, reply)
            is_valid = isinstance(body, dict) and valid(body, request_schema, document)
            problem = cross_field_problem(body) if is_valid else None
            if is_valid and not problem:
                assert status == 200, (body, reply)
                prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
                n = int(body.get("n") or 1)
                if isinstance(reply, list):                             # streamed: every chunk a Completion
                    assert all(valid(chunk, {"$ref": "#/components/schemas/Completion"}, document)
                               for chunk in reply), reply
                    assert sum(1 for c in reply for ch in c["choices"] if ch["finish_reason"]) == n * len(prompts)
                else:
                    assert valid(reply, {"$ref": "#/components/schemas/Completion"}, document), reply
                    assert sorted(c["index"] for c in reply["choices"]) == list(range(n * len(prompts)))
            else:
                assert status == 400 and valid(reply, error_schema, document), (body, reply)
                if problem:
                    assert reply["error"]["param"] == problem, (body, reply)
                elif expect_param is not None:
                    assert reply["error"]["param"] == expect_param, (body, reply)

        @settings(max_examples=150, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(valid_bodies)
        def valid_requests(body):
            check("valid", body)

        @settings(max_examples=200, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(valid_bodies, st.sampled_from(sorted(properties)), ANY_JSON)
        def one_field_changed(body, name, value):
            assume(cross_field_problem(body) is None)
            body = {**body, name: value}
            check("one field changed", body, expect_param=None if valid(value, properties[name], document) else name)

        @settings(max_examples=50, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(valid_bodies, st.text(min_size=1, max_size=30).filter(lambda k: k not in properties), ANY_JSON)
        def unknown_field(body, name, value):
            status, reply = post(served.port, json.dumps({**body, name: value}).encode())
            TALLY["unknown field", status] = TALLY.get(("unknown field", status), 0) + 1
            assert status == 400 and reply["error"]["param"] and "unknown field" in reply["error"]["message"]
            if is_unicode(name):
                assert reply["error"]["param"] == name

        @settings(max_examples=100, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.one_of(ANY_JSON.filter(lambda v: not isinstance(v, dict)), st.binary(max_size=300),
                         st.integers(1, 20000).map(lambda k: b"[" * k + b"]" * k),
                         st.integers(1, 20000).map(lambda k: b'{"prompt": ' + b"[" * k),
                         st.sampled_from([b"", b"NaN", b"{", b"\xef\xbb\xbf{}", b'{"prompt": "a"}' * 2,
                                          b'{"prompt": "\\ud800"}', b'{"prompt": "a", "n": ' + b"9" * 5000 + b"}"])))
        def any_body(body):
            check("any body", body)

        for name in sorted(properties):        # every field at and past each of its limits, one at a time
            for value in edges(properties[name], document):
                body = {"prompt": "Once", "max_tokens": 2, name: value}
                check("edges", body, expect_param=None if valid(value, properties[name], document) else name)
        valid_requests()
        one_field_changed()
        unknown_field()
        any_body()
        health = served.request("GET", "/health")
        assert health[0] == 200 and health[1]["status"] == "ok"
    finally:
        code, out, err = served.stop()
    total = sum(TALLY.values())
    fives = sum(n for (kind, status), n in TALLY.items() if status >= 500)
    print(f"fuzz: {total} requests, {fives} 5xx, {err.count('Traceback')} tracebacks; by kind and status: "
          f"{dict(sorted(TALLY.items()))}")
    assert "Traceback" not in err and "serve:" not in err, err
    assert fives == 0 and total >= 700
    assert TALLY.get(("valid", 200), 0) > 50, "most valid bodies get 200"

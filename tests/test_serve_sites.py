"""Other web sites cannot use the server: a /v1 POST must declare its body JSON (a browser sends text/plain, forms and
multipart to another site without asking, application/json only after a CORS preflight, which is never granted), and
a Host header that is not the server's own address or a loopback name (DNS rebinding) is refused unless host opens
the server to the network. The key is never printed."""
import json

import pytest
from helpers import DEFAULTS
from serve_helpers import Served, send, stream_events, train_small_model

import slm
import slm_serve

GOOD = json.dumps({"prompt": "Once", "max_tokens": 3})


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("sites"))


@pytest.fixture(scope="module")
def server(trained):
    served = Served(trained)
    yield served
    code, out, err = served.stop()
    assert "Traceback" not in err, err


def error_of(raw):
    reply = json.loads(raw)
    assert set(reply) == {"error"} and set(reply["error"]) == {"message", "type", "param", "code"}
    return reply["error"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "text/plain;charset=UTF-8",
                                          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                          "text/plain; application/json", "application/jsonx", ""])
def test_a_v1_post_whose_body_is_not_declared_json_gets_415(server, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    before = server.request("GET", "/health")[1]["tokens"]
    for path in ("/v1/completions", "/v1/chat/completions"):
        status, _, raw = send(server.port, "POST", path, GOOD, headers)
        assert status == 415 and "Content-Type: application/json" in error_of(raw)["message"]
    assert server.request("GET", "/health")[1]["tokens"] == before, "nothing was written"


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"])
def test_json_in_any_spelling_is_served(server, content_type):
    status, _, raw = send(server.port, "POST", "/v1/completions", GOOD, {"Content-Type": content_type})
    assert status == 200 and len(json.loads(raw)["choices"]) == 1


def test_a_cors_preflight_is_never_granted(server):
    """What a browser asks before it sends application/json from another site: no Access-Control-Allow-* comes back,
    so the browser never sends the POST, and no answer tells it that it may read one."""
    asked = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type, authorization"}
    for path in ("/v1/completions", "/v1/models", "/health", "/"):
        status, headers, raw = send(server.port, "OPTIONS", path, headers=asked)
        assert status >= 400 and not [h for h in headers if h.startswith("access-control-")], (path, headers)
    status, headers, _ = send(server.port, "POST", "/v1/completions", GOOD,
                              {"Content-Type": "application/json", "Origin": "http://evil.example"})
    assert status == 200 and not [h for h in headers if h.startswith("access-control-")]


@pytest.mark.parametrize("host, served", [
    ("127.0.0.1:{port}", True), ("localhost:{port}", True), ("[::1]:{port}", True), ("LocalHost:{port}", True),
    ("evil.example:{port}", False), ("evil.example", False), ("127.0.0.1", False), ("127.0.0.1:1", False),
    ("localhost.:{port}", False), ("127.0.0.1.evil.example:{port}", False), ("", False)])
def test_only_the_servers_own_address_and_loopback_names_are_answered(server, host, served):
    """A page whose name was rebound to 127.0.0.1 sends its own name as Host: every route refuses it, the page and
    /health too (they would tell it the server is there)."""
    host = host.format(port=server.port)
    for method, path in (("POST", "/v1/completions"), ("GET", "/v1/models"), ("GET", "/health"), ("GET", "/"),
                         ("GET", "/openapi.json")):
        status, _, raw = send(server.port, method, path, GOOD if method == "POST" else None,
                              {"Content-Type": "application/json"}, host=host)
        if served:
            assert status == 200, (host, path)
        else:
            assert status == 421, (host, path, status)
            assert f"http://127.0.0.1:{server.port}/" in error_of(raw)["message"]


def test_allowed_hosts():
    assert slm_serve.allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert slm_serve.allowed_hosts("::1", 80) == {"127.0.0.1:80", "localhost:80", "[::1]:80", "127.0.0.1",
                                                  "localhost", "[::1]"}
    assert "127.0.0.2:8000" in slm_serve.allowed_hosts("127.0.0.2", 8000)
    assert "localhost:9" in slm_serve.allowed_hosts("LOCALHOST", 9)
    for opened in ("0.0.0.0", "::", "192.168.1.5", "myhost.local"):
        assert slm_serve.allowed_hosts(opened, 8000) is None


def test_host_for_everyone_answers_any_name(trained):
    served = Served(trained, host="0.0.0.0")
    try:
        status, _, raw = send(served.port, "POST", "/v1/completions", GOOD, {"Content-Type": "application/json"},
                              host=f"mybox.local:{served.port}")
        assert status == 200 and len(json.loads(raw)["choices"]) == 1
        assert send(served.port, "POST", "/v1/completions", GOOD, {"Content-Type": "text/plain"},
                    host=f"mybox.local:{served.port}")[0] == 415
    finally:
        served.stop()


def test_the_key_is_never_printed(trained):
    key = "sekret-key-4f9a2c"
    served = Served(trained, api_key=key)
    bodies = []
    try:
        json_type = {"Content-Type": "application/json"}
        for headers, body in [({}, GOOD), ({"Authorization": "Bearer wrong"}, GOOD),
                              ({"Authorization": f"Bearer {key}"}, '{"prompt": 5}'),
                              ({"Authorization": f"Bearer {key}x"}, GOOD),
                              ({"Authorization": f"Bearer {key}"}, GOOD)]:
            bodies.append(send(served.port, "POST", "/v1/completions", body, {**json_type, **headers})[2])
        bodies.append(send(served.port, "POST", "/v1/completions", GOOD, {"Authorization": f"Bearer {key}"})[2])
        bodies.append(send(served.port, "GET", "/v1/models", None, {"Authorization": f"Bearer {key}"},
                           host="evil.example")[2])
        bodies.append(send(served.port, "GET", "/openapi.json")[2])
        bodies.append(send(served.port, "GET", "/")[2])
        chunks, done = stream_events(served.port, {"prompt": "Once", "max_tokens": 5},
                                     headers={"Authorization": f"Bearer {key}"})
        assert done
        bodies.append(json.dumps(chunks).encode())
    finally:
        code, out, err = served.stop()
    assert json.loads(bodies[-3])["components"]["securitySchemes"]["key"]["scheme"] == "bearer"
    for text in [out, err, *served.lines] + [b.decode() for b in bodies]:
        assert key not in text
    with pytest.raises(slm.SlmError, match="api_key") as e:          # config.py's key that is not text
        slm.make_config(file_values={**DEFAULTS, "api_key": 4812937561})
    assert "4812937561" not in str(e.value)

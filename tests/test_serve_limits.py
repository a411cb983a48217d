"""Every value of a completions request is checked against what the model takes before it reaches the model thread:
each refusal is a 400 with OpenAI's error JSON naming the field; the review's bad bodies (a huge top_k among running
stories, 5,000 levels of nesting, a lone surrogate, four 15,000-character stop strings) get them, never a 500."""
import json
import threading

import pytest
from helpers import tiny_config
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_helpers import Served, train_small_model, write_alone

import slm_serve

CFG = tiny_config(vocab_size=300, serve_max_n=8, serve_max_tokens=1024)


def refused(body):
    with pytest.raises(slm_serve.ApiError) as e:
        slm_serve.completion_request(body if isinstance(body, (str, bytes)) else json.dumps(body), CFG)
    assert e.value.status == 400 and "Traceback" not in str(e.value)
    return e.value


@pytest.mark.parametrize("body, param", [
    ({"prompt": "a", "top_k": 10 ** 30}, "top_k"),                       # passed top_k >= 0, overflowed the sampler
    ({"prompt": "a", "top_k": 301}, "top_k"),                            # past the vocabulary
    ({"prompt": "a", "top_k": True}, "top_k"),                           # bool is not a whole number
    ({"prompt": "a", "top_k": 2.5}, "top_k"),
    ({"prompt": "a", "n": True}, "n"),
    ({"prompt": "a", "max_tokens": False}, "max_tokens"),
    ({"prompt": "a", "max_tokens": 10 ** 400}, "max_tokens"),
    ({"prompt": "a", "seed": True}, "seed"),
    ({"prompt": "a", "seed": -1}, "seed"),
    ({"prompt": "a", "seed": 2 ** 63}, "seed"),                          # past a 64-bit seed
    ({"prompt": "a", "temperature": float("nan")}, "temperature"),       # json.dumps writes NaN, json.loads reads it
    ({"prompt": "a", "temperature": float("inf")}, "temperature"),
    ({"prompt": "a", "top_p": float("-inf")}, "top_p"),
    ({"prompt": "a", "top_p": float("nan")}, "top_p"),
    ({"prompt": "a", "temperature": 10 ** 400}, "temperature"),          # too big for a float: refused, not raised
    ({"prompt": "a", "temperature": True}, "temperature"),
    ({"prompt": "a", "temperature": 5e-324}, "temperature"),              # logits / 5e-324 overflow to <|endoftext|>
    ({"prompt": "\ud800"}, "prompt"),                                    # a lone surrogate, which the tokenizer refuses
    ({"prompt": ["Once", "a\udfffb"]}, "prompt"),
    ({"prompt": "a", "stop": "\ud800"}, "stop"),
    ({"prompt": "a", "user": "\udc00"}, "user"),
    ({"prompt": "a", "model": "\udc00"}, "model"),
    ({"prompt": "a", "stop": ["x" * 15000] * 4}, "stop"),                # the review's four 15,000-character stops
    ({"prompt": "a", "stop": "x" * 101}, "stop"),
    ({"prompt": "a", "stop": ["a", "b", "c", "d", "e"]}, "stop"),
    ({"prompt": "a", "stop": ""}, "stop"),
    ({"prompt": "a", "stop": {"a": 1}}, "stop"),
    ({"prompt": [""] * 9}, "prompt"),                                    # more prompts than serve_max_n
    ({"prompt": "a", "stream_options": {"include_usage": 1}}, "stream_options"),
    ({"prompt": "a", "stream_options": {"other": True}}, "stream_options"),
    ({"prompt": "a", "stream_options": []}, "stream_options"),
    ({"prompt": "a", "stream": 1}, "stream"),
    ({"prompt": "a", "echo": 0}, "echo"),                                # 0 is not false
    ({"prompt": "a", "best_of": True}, "best_of"),
    ({"prompt": "a", "best_of": 2}, "best_of"),
    ({"prompt": "a", "frequency_penalty": False}, "frequency_penalty"),
    ({"prompt": "a", "presence_penalty": 0.5}, "presence_penalty"),
    ({"prompt": "a", "logit_bias": {"1": 5}}, "logit_bias"),
    ({"prompt": "a", "suffix": "x"}, "suffix"),
    ({"prompt": "a", "\ud800" * 100: 1}, "\\ud800" * 10),                # an unknown field, echoed as printable text
])
def test_a_bad_value_is_a_400_naming_its_field(body, param):
    e = refused(body)
    assert e.param == param and param.split("\\")[0] in json.dumps(e.body())
    json.dumps(e.body(), ensure_ascii=False).encode("utf-8")            # fit to be sent as UTF-8


@pytest.mark.parametrize("body, why", [
    ("[" * 5000 + "]" * 5000, "5000 levels deep"),                      # the review's RecursionError
    ('{"prompt": ' + "[" * 9 + '"a"' + "]" * 9 + "}", "10 levels deep"),
    ('{"prompt": "a", "max_tokens": NaN}', "max_tokens = NaN"),
    ('{"prompt": "' + "\\ud800" + '"}', "lone surrogate"),
    (b'{"prompt": "\xff"}', "not UTF-8"),
    ('{"prompt": "a"', "not JSON"),
    ('{"prompt": "a", "n": ' + "9" * 5000 + "}", "not JSON"),             # past Python's 4,300 digits
    ('"\\"' * 10000, "not JSON"),                                       # a string that never ends: counted in one pass
])
def test_bad_bodies_are_400s_that_say_why(body, why):
    assert why in str(refused(body))


def test_values_at_the_limits_are_taken():
    req = slm_serve.completion_request(json.dumps({
        "prompt": ["Once", "The"], "n": 4, "max_tokens": 5.0, "top_k": 300, "stop": ["x" * 100, "b", "c", "d"],
        "seed": 2 ** 63 - 1, "temperature": 1e-6, "top_p": 1e-300, "best_of": 4, "frequency_penalty": 0.0,
        "presence_penalty": 0, "echo": False, "logit_bias": {}, "suffix": "", "logprobs": None, "model": "x",
        "user": "\U0001F600", "stream_options": {"include_usage": None}}), CFG)
    assert req.max_tokens == 5 and isinstance(req.max_tokens, int) and req.top_k == 300 and req.n == 4
    assert req.seed == 2 ** 63 - 1 and req.temperature == 1e-6 and len(req.stop) == 4 and not req.include_usage
    assert slm_serve.completion_request('{"prompt": "\\ud83d\\ude00"}', CFG).prompts == ["\U0001F600"]   # a pair


def depth_of(value):
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                           max_leaves=30)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(json_values, st.booleans())
def test_json_depth_is_the_nesting_of_any_json_text(value, ascii_only):
    """Strings holding brackets, quotes and backslashes count for nothing; only arrays and objects nest."""
    assert slm_serve.json_depth(json.dumps(value, ensure_ascii=ascii_only)) == depth_of(value)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="ab c", max_size=30), st.text(alphabet="ab c", min_size=1, max_size=8), st.data())
def test_the_held_back_start_of_a_stop_string_is_the_longest_one(text, stop, data):
    end = data.draw(st.integers(0, len(text)))
    longest = max([k for k in range(min(len(stop) - 1, end) + 1) if text[:end].endswith(stop[:k])])
    assert slm_serve.stop_start(text, end, stop) == longest


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("limits"))


def test_the_reviews_bodies_with_four_stories_being_written(trained):
    """Four stories are being written when the bad bodies arrive: each bad one gets its 400 JSON naming the problem,
    the four are write()'s stories, and the server's log holds no traceback."""
    served = Served(trained, serve_max_body=65536)
    prompts = ["Once upon a time", "The dog", "A bird", "One day"]
    results = {}

    def good(prompt):
        results[prompt] = served.request("POST", "/v1/completions", {"prompt": prompt, "max_tokens": 300,
                                                                      "temperature": 0})
    try:
        threads = [threading.Thread(target=good, args=(p,)) for p in prompts]
        for t in threads:
            t.start()
        bad = [({"prompt": "Once", "top_k": 10 ** 30}, "top_k"),
               ("[" * 5000 + "]" * 5000, None),
               ('{"prompt": "\\ud800"}', "prompt"),
               ({"prompt": "Once", "stop": ["x" * 15000] * 4}, "stop")]
        for body, param in bad:
            status, reply = served.request("POST", "/v1/completions", body)
            assert status == 400 and reply["error"]["param"] == param, reply
            assert reply["error"]["type"] == "invalid_request_error" and "Traceback" not in reply["error"]["message"]
        for t in threads:
            t.join(timeout=120)
        health = served.request("GET", "/health")
    finally:
        code, out, err = served.stop()
    for prompt in prompts:
        status, reply = results[prompt]
        assert status == 200 and prompt + reply["choices"][0]["text"] == write_alone(trained, prompt, 300,
                                                                                     temperature=0.0)
    assert health[0] == 200
    assert "Traceback" not in err and "serve:" not in err, err

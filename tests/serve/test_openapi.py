"""The OpenAPI document against the running app: every route documented, every documented
operation answering as documented, and bodies generated from the documented schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount, Route
from triage.serve.app import create_app
from triage.serve.settings import Settings

from .conftest import Client
from .schemagen import any_json, from_schema, validator

PROBE = Settings(allow_probe=("gw.internal.example:8443",))
FAST = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def probe_app(kb_root: Path) -> Any:
    return create_app(kb_root, PROBE)


def _operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in document["paths"].items()
            for method in item}


def _routes(app: Any) -> set[tuple[str, str]]:
    out = set()
    for route in app.routes:
        if isinstance(route, Route):
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            out |= {(path, m) for m in (route.methods or set()) - {"HEAD"}}
        elif isinstance(route, Mount):
            out.add((route.path + "/{path}", "GET"))
    return out


@pytest.mark.parametrize("which", ["app", "probe_app"])
def test_every_route_is_documented_and_nothing_else(request: pytest.FixtureRequest,
                                                    which: str) -> None:
    app = request.getfixturevalue(which)
    document = Client(app).get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert _routes(app) == _operations(document)
    from jsonschema import Draft202012Validator

    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for item in document["paths"].values():
        for operation in item.values():
            assert operation["summary"] and operation["responses"]
            for response in operation["responses"].values():
                for media in response.get("content", {}).values():
                    Draft202012Validator.check_schema(media["schema"])
    assert (("/v1/collect", "POST") in _operations(document)) == (which == "probe_app")


def _check_response(document: dict[str, Any], operation: dict[str, Any],
                    response: httpx.Response) -> None:
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented, (status, response.text[:300])
    content = documented[status].get("content")
    if not content:
        return
    media = response.headers["content-type"].split(";")[0]
    assert media in content, (media, list(content))
    schema = content[media]["schema"]
    if media == "application/json":
        body = response.json()
        if "$ref" in schema:
            errors = list(validator(document, schema["$ref"].rsplit("/", 1)[1])
                          .iter_errors(body))
            assert not errors, errors[0].message


def _call(client: Client, path: str, method: str, operation: dict[str, Any]
          ) -> httpx.Response:
    url = path
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        elif "example" in parameter:
            query[parameter["name"]] = parameter["example"]
    kwargs: dict[str, Any] = {"params": query}
    body = operation.get("requestBody")
    if body:
        media, spec = next(iter(body["content"].items()))
        if media == "application/json":
            kwargs["content"] = json.dumps(spec["example"]).encode()
            kwargs["headers"] = {"content-type": media}
        else:
            kwargs["data"] = spec["example"]
    return client.request(method, url, **kwargs)


@pytest.mark.parametrize("which", ["app", "probe_app"])
def test_documented_operations_answer_as_documented(request: pytest.FixtureRequest,
                                                    which: str) -> None:
    client = Client(request.getfixturevalue(which))
    document = client.get("/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            response = _call(client, path, method.upper(), operation)
            _check_response(document, operation, response)
            if path == "/v1/collect":  # the example host is not on the allow-list
                assert response.status_code == 403
            else:
                assert response.status_code < 400, (path, method, response.text[:300])
            # other methods on a documented path: 405 with the documented error shape
            other = "DELETE" if method != "delete" else "PUT"
            refused = client.request(other, path.replace("{lang}", "en").replace(
                "{id}", "x").replace("{path}", "console.css"))
            assert refused.status_code == 405, (other, path)
            assert not list(validator(document, "Error").iter_errors(refused.json()))


@pytest.fixture(scope="module")
def document(client: Client) -> dict[str, Any]:
    data: dict[str, Any] = client.get("/openapi.json").json()
    return data


def _fact_sets(document: dict[str, Any]) -> st.SearchStrategy[Any]:
    return from_schema({"$ref": "#/components/schemas/FactSet"}, document)


def _mutated(document: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A documented fact set with one known field (or section) replaced by any JSON."""
    kinds = document["components"]["schemas"]["FactSet"]["properties"]
    paths = [(s, f) for s, spec in kinds.items() for f in spec["properties"]]

    @st.composite
    def build(draw: Any) -> Any:
        facts = dict(draw(_fact_sets(document)))
        section, field = draw(st.sampled_from(paths))
        value = draw(any_json())
        if draw(st.booleans()):
            facts[section] = {**(facts.get(section) or {}), field: value}
        else:
            facts[section] = value
        return facts

    return build()


def test_generated_fact_sets(client: Client, document: dict[str, Any]) -> None:
    diagnosis = validator(document, "Diagnosis")
    operation = document["paths"]["/v1/diagnose"]["post"]

    @FAST
    @given(facts=_fact_sets(document), lang=st.sampled_from(["en", "zh"]))
    def documented_input_is_diagnosed(facts: Any, lang: str) -> None:
        response = client.post(f"/v1/diagnose?lang={lang}", content=json.dumps(facts).encode(),
                               headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text[:500]
        _check_response(document, operation, response)
        assert not list(diagnosis.iter_errors(response.json()))

    documented_input_is_diagnosed()


def test_arbitrary_objects(client: Client, document: dict[str, Any]) -> None:
    facts_schema = validator(document, "FactSet")
    operation = document["paths"]["/v1/diagnose"]["post"]

    @FAST
    @given(body=_mutated(document) | st.dictionaries(st.text(max_size=10), any_json(),
                                                      max_size=4))
    def status_follows_the_schema(body: Any) -> None:
        response = client.post("/v1/diagnose", content=json.dumps(body).encode(),
                               headers={"content-type": "application/json"})
        _check_response(document, operation, response)
        valid = facts_schema.is_valid(body)
        assert response.status_code == (200 if valid else 422), (body, response.text[:300])

    status_follows_the_schema()


def test_generated_batches(client: Client, document: dict[str, Any]) -> None:
    operation = document["paths"]["/v1/diagnose/batch"]["post"]
    batch = validator(document, "BatchRequest")

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(body=from_schema({"$ref": "#/components/schemas/BatchRequest"}, document)
           | st.fixed_dictionaries({"items": st.lists(any_json(), max_size=3)}))
    def batches(body: Any) -> None:
        response = client.post("/v1/diagnose/batch", content=json.dumps(body).encode(),
                               headers={"content-type": "application/json"})
        _check_response(document, operation, response)
        assert response.status_code == (200 if batch.is_valid(body) else 422)
        if response.status_code == 200:
            assert len(response.json()["results"]) == len(body["items"])

    batches()

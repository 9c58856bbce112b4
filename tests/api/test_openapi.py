"""The OpenAPI description validates, describes every API URL, and every path in
it answers every persona as the access matrix says, with a body its schema allows."""

from __future__ import annotations

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from api.reference import openapi_document
from tests.access import CASES, ROLES, api_url, example_urls, url_patterns
from tests.api.conftest import client_for

A_PK = 987654321


def path_to_url_name() -> dict[str, str]:
    """Each API URL name by its path as the description spells it (`{id}`)."""
    found = {}
    for name, variants in url_patterns().items():
        if api_url(name):
            for params in variants:
                path = reverse(name, kwargs=dict.fromkeys(params, A_PK))
                found[path.replace(str(A_PK), "{id}")] = name
    return found


def schema_of(operation: dict) -> dict:
    """The 200 answer's schema, with the components it refers to."""
    found = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return {**found, "components": openapi_document()["components"]}


@pytest.mark.django_db
def test_the_description_is_openapi_3_1_and_validates(client):
    served = client.get(reverse("api:openapi"))
    assert served.status_code == 200
    body = served.json()
    assert body["openapi"] == "3.1.0"
    validate_schema(body)  # drf-spectacular's own check, against the OpenAPI 3.1 schema
    assert body["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    assert all(
        operation["get"]["security"] == [{"personalToken": []}]
        for operation in body["paths"].values()
    )


def test_it_describes_every_api_url_and_nothing_else():
    assert set(openapi_document()["paths"]) == set(path_to_url_name())


def test_every_list_is_flat():
    """Power BI and Excel load rows of plain values without reshaping: no field of
    any row is an object or a list."""
    components = openapi_document()["components"]["schemas"]
    for name, schema in components.items():
        if name.endswith("Row"):
            for field, spec in schema["properties"].items():
                kinds = spec.get("type", "string")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                assert not {"object", "array"} & set(kinds), f"{name}.{field} is {kinds}"
                assert "$ref" not in spec, f"{name}.{field}"
                assert "allOf" not in spec, f"{name}.{field}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(openapi_document()["paths"]))
def test_every_path_answers_every_persona_with_a_body_its_schema_allows(world, path):
    name = path_to_url_name()[path]
    case = CASES[name]
    operation = openapi_document()["paths"][path]["get"]
    failures = []
    for role in ROLES:
        (url,) = example_urls(name, case.kwargs(world))
        client = client_for(world[role]) if world[role] is not None else Client()
        response = client.get(url)
        expected = case.status_for(role)
        if response.status_code != expected:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
            continue
        assert str(response.status_code) in operation["responses"], (path, role)
        if response.status_code == 200:
            jsonschema.validate(response.json(), schema_of(operation))
        else:
            assert response.json()["detail"], (path, role)
    assert not failures, f"{path}: " + "; ".join(failures)

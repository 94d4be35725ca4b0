"""GET /openapi.json documents every route, its auth and its body schema."""
from __future__ import annotations


def test_openapi_lists_exactly_the_chalice_routes(api, chalice_app):
    doc = api.get("/openapi.json")
    assert doc.status == 200
    spec = doc.json
    assert spec["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    routed = {(path, method) for path, methods in chalice_app.routes.items() for method in methods}
    assert documented == routed


def test_auth_and_bodies_match_the_routes(api, chalice_app):
    spec = api.get("/openapi.json").json
    for path, methods in chalice_app.routes.items():
        for method, entry in methods.items():
            op = spec["paths"][path][method.lower()]
            # No user authorizer: public, or signed with an interface account (labs, billing).
            assert (op["security"] in ([], [{"interfaceAccount": []}])) == (entry.authorizer is None), (method, path)
            if method in ("POST", "PATCH", "PUT") and op["security"] == [{"interfaceAccount": []}]:
                assert set(op["requestBody"]["content"]) == set(entry.content_types), (method, path)
            elif method in ("POST", "PATCH", "PUT"):
                schema = op["requestBody"]["content"]["application/json"]["schema"]
                assert schema["type"] == "object" and schema["additionalProperties"] is False, (method, path)
            for name in entry.view_args:
                assert any(p["name"] == name and p["in"] == "path" for p in op["parameters"]), (method, path)


def test_the_documented_schema_is_the_one_enforced(api):
    spec = api.get("/openapi.json").json
    schema = spec["paths"]["/patients"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) == {"given_name", "family_name", "birth_date", "sex"}
    res = api.post("/patients", {"given_name": "A"}, as_user="front_desk")
    assert res.status == 400 and res.error["field"] in schema["required"]


def test_openapi_document_is_valid_openapi_3_1(api):
    from openapi_spec_validator import validate

    validate(api.get("/openapi.json").json)


def test_every_operation_lists_its_success_statuses_and_response_body(api):
    """Security review, finding 9: a client generator needs the success codes and types."""
    spec = api.get("/openapi.json").json
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            assert success, (method, path)
            for code, response in success.items():
                if code != "204":
                    ((content_type, media),) = response["content"].items()
                    assert media["schema"]["type"] in ("object", "string"), (method, path)
            assert op["responses"]["4XX"]["content"]["application/json"]["schema"] == \
                {"$ref": "#/components/schemas/Error"}
    assert set(spec["paths"]["/patients"]["post"]["responses"]) >= {"201"}
    assert set(spec["paths"]["/auth/sign-out"]["post"]["responses"]) >= {"204"}
    calendar = spec["paths"]["/patients/{patient_id}/appointments/{appointment_id}/calendar"]["get"]
    assert "text/calendar" in calendar["responses"]["200"]["content"]

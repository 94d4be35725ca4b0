def test_every_demo_account_signs_in_and_me_shows_roles_and_patients(api, demo):
    me = api.get("/me", as_user="alex")
    assert me.status == 200, me
    assert me.json["roles"] == ["patient"]
    assert [p["patient_id"] for p in me.json["patients"]] == [demo["alex"]]

    jordan = api.get("/me", as_user="jordan").json
    assert {p["patient_id"]: p["access"] for p in jordan["patients"]} == {demo["jordan"]: "self", demo["sam"]: "proxy"}

    for role in ("provider", "nurse", "front_desk", "billing", "admin"):
        staff = api.get("/me", as_user=role)
        assert staff.status == 200, staff
        assert staff.json["roles"] == [role]
        assert staff.json["is_staff"] is True
        assert staff.json["patients"] == []

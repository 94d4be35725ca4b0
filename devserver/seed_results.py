"""Test results for the demo (issue 12): Dr. Chen's NPI (labs name the ordering
provider by it), a lab interface account, and result histories filed through the
same HL7 path a lab uses."""
from __future__ import annotations

DR_CHEN_NPI = "1234567893"


def seed_results(ids: dict) -> dict:
    from chalicelib.models.user import User
    from chalicelib.services import interface_accounts

    User(ids["dr.chen@example.org"]).update(actions=[User.npi.set(DR_CHEN_NPI)])
    account = interface_accounts.create(None, "Midwest Reference Lab interface", "results")
    return {"lab_credential": account["credential"], "lab_account": account["account_id"]}

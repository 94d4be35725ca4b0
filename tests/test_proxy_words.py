"""A caregiver acts on a child's record as the proxy: the child's access log names Jordan as
the proxy, not as a patient; Jordan's own reads of his own record stay "(patient)"."""
from __future__ import annotations


def test_the_access_log_names_a_proxy_as_the_proxy(api, demo):
    assert api.get(f"/patients/{demo['sam']}", as_user="jordan").status == 200
    assert api.get(f"/patients/{demo['jordan']}", as_user="jordan").status == 200
    sams = api.get(f"/patients/{demo['sam']}/access-log?limit=5", as_user="jordan").json["items"]
    by_jordan = [e for e in sams if e["actor"]["id"] != "system" and e["actor"]["name"].startswith("Jordan")]
    assert by_jordan and all(e["actor"]["role"] == "proxy" for e in by_jordan)
    assert "Jordan Morgan (proxy) viewed contact details and demographics" in [e["description"] for e in by_jordan]
    own = api.get(f"/patients/{demo['jordan']}/access-log?limit=5", as_user="jordan").json["items"]
    assert any(e["description"] == "Jordan Morgan (patient) viewed contact details and demographics" for e in own)

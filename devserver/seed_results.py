"""Test results for the demo (issue 12): Dr. Chen's NPI (labs name the ordering
provider by it), a lab interface account, and histories filed through the same HL7
path a lab uses: Alex's lipid panels and A1c over two years (the newest lipid panel
has a high LDL and Dr. Chen's comment; the newest A1c waits in her inbox), a TSH for
Priya, a point-of-care strep test for Sam."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

DR_CHEN_NPI = "1234567893"
LAB = "MSH|^~\\&|SUNQUEST|MIDWEST REFERENCE LAB^14D0123456^CLIA|PORTAL|MAPLE STREET FP|{sent}||ORU^R01^ORU_R01|{control}|P|2.5.1"
PERFORMER = "Midwest Reference Lab^^^^^CLIA&2.16.840.1.113883.4.7&ISO^XX^^^14D0123456|400 Lab Way^^Rockford^IL^61101^USA"
LIPIDS = [("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", "<200"),
          ("2085-9", "HDL Cholesterol", "mg/dL", ">39"),
          ("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "mg/dL", "<150"),
          ("13457-7", "LDL Cholesterol (calculated)", "mg/dL", "<100")]
# (days ago, [total, HDL, triglycerides, LDL], A1c %)
ALEX = [(730, [182, 52, 118, 96], "5.3"), (548, [178, 54, 110, 92], "5.4"), (365, [185, 51, 125, 98], "5.4"),
        (182, [181, 53, 120, 94], "5.5"), (3, [214, 47, 160, 131], "5.6")]
COMMENT = ("Your LDL (\"bad\") cholesterol is a little high this time. Nothing to do right now: "
           "more vegetables and a daily walk help, and we will recheck at your next visit.")


def seed_results(ids: dict) -> dict:
    from chalicelib.auth import interface_caller
    from chalicelib.models.user import User
    from chalicelib.services import interface_accounts

    User(ids["dr.chen@example.org"]).update(actions=[User.npi.set(DR_CHEN_NPI)])
    account = interface_accounts.create(None, "Midwest Reference Lab interface", "results")
    lab = interface_caller(f"Bearer {account['credential']}", "results")
    from chalicelib.services.patients import load

    alex, priya = load(ids["alex"]), load(ids["priya"])
    filed: list[tuple[str, str]] = []
    for number, (days, lipids, a1c) in enumerate(ALEX):
        when = _collected(days)
        panel = [(code, name, str(value), units, rng, _flag(value, rng))
                 for (code, name, units, rng), value in zip(LIPIDS, lipids)]
        filed.append(("lipid", _file(lab, alex, f"LP{number}", when, ("57698-3", "Lipid panel"), panel)))
        filed.append(("a1c", _file(lab, alex, f"HA{number}", when, ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
                                   [("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", a1c, "%", "4.0-5.6",
                                     "N")])))
    tsh = _file(lab, priya, "TS0", _collected(2), ("3016-3", "TSH"),
                [("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "2.1", "mIU/L", "0.40-4.50", "N")])
    _review_history(ids, filed)
    from chalicelib.services.results import point_of_care

    strep = point_of_care.enter(_staff(ids["nina.patel@example.org"]), ids["sam"],
                                {"test": "strep", "values": {"78012-2": "Not detected"}}, send=False)
    return {"lab_credential": account["credential"], "lab_account": account["account_id"],
            "alex_lipid": filed[-2][1], "alex_a1c": filed[-1][1], "priya_tsh": tsh, "sam_strep": strep["report_id"]}


def _review_history(ids: dict, filed: list[tuple[str, str]]) -> None:
    """Dr. Chen reviewed everything but the newest A1c; she commented on the newest lipids."""
    from chalicelib.services.results import clinician

    chen = _staff(ids["dr.chen@example.org"])
    for index, (kind, report_id) in enumerate(filed[:-1]):
        newest = index == len(filed) - 2
        clinician.review(chen, ids["alex"], report_id, COMMENT if newest else None, send=False)
    from chalicelib.services import home

    home.clear(ids["alex"], "result", [report_id for _, report_id in filed[:-2]])  # read long ago
    from chalicelib.services.results import email_review

    # What Dr. Chen's mailbox shows: Alex's newest A1c to review (reply "reviewed" or "comment ...").
    email_review.send_digest(ids["dr.chen@example.org"], ids["alex"])


def _staff(user_id: str):
    from chalicelib.auth import Caller
    from chalicelib.models.user import User

    user = User.get(user_id)
    return Caller(user_id=user.user_id, email=user.email, display_name=user.display_name,
                  roles=frozenset(user.roles))


def _collected(days_ago: int) -> datetime:
    from chalicelib import clock

    day: date = clock.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(8, 30), tzinfo=clock.practice_tz())


def _flag(value: int, rng: str) -> str:
    bound = float(rng[1:])
    return ("H" if value >= bound else "N") if rng.startswith("<") else ("L" if value <= bound else "N")


def _file(lab, patient, order: str, when: datetime, test: tuple[str, str], values: list) -> str:
    from chalicelib.services.results import ingest

    stamp = when.strftime("%Y%m%d%H%M%z")
    reported = (when + timedelta(hours=26)).strftime("%Y%m%d%H%M%z")
    segments = [LAB.format(sent=reported, control=f"SEED-{patient.mrn}-{order}-{when:%Y%m%d}"),
                f"PID|1||{patient.mrn}^^^MAPLE STREET FP^MR||{patient.family_name.upper()}^"
                f"{patient.given_name.upper()}||{patient.birth_date.replace('-', '')}|"
                f"{'M' if patient.sex == 'male' else 'F'}",
                f"OBR|1|{order}-{patient.mrn}-{when:%Y%m%d}|MRL-{order}-{patient.mrn}-{when:%Y%m%d}|"
                f"{test[0]}^{test[1]}^LN|||{stamp}|||||||||{DR_CHEN_NPI}^CHEN^WEI^^^^MD||||||{reported}|||F"]
    for position, (code, name, value, units, rng, flag) in enumerate(values, start=1):
        segments.append(f"OBX|{position}|NM|{code}^{name}^LN||{value}|{units}^{units}^UCUM|{rng}|{flag}|||F|||"
                        f"{stamp}|||||{reported}||||{PERFORMER}")
    answer = ingest.receive(lab, "\r".join(segments), send=False)
    assert answer["code"] == "AA", answer["reason"]
    return answer["report_ids"][0]


def sample_message(patient, control: str) -> str:
    """One more lipid panel for `patient` (what `make run` tells you how to post)."""
    from chalicelib import clock

    when = datetime.combine(clock.today(), time(7, 45), tzinfo=clock.practice_tz())
    stamp = when.strftime("%Y%m%d%H%M%z")
    values = [("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "198", "mg/dL", "<200", "N"),
              ("13457-7", "LDL Cholesterol (calculated)", "112", "mg/dL", "<100", "H")]
    lines = [LAB.format(sent=stamp, control=control),
             f"PID|1||{patient.mrn}^^^MAPLE STREET FP^MR||{patient.family_name.upper()}^"
             f"{patient.given_name.upper()}||{patient.birth_date.replace('-', '')}|M",
             f"OBR|1|{control}|MRL-{control}|57698-3^Lipid panel^LN|||{stamp}|||||||||{DR_CHEN_NPI}^CHEN^WEI^^^^MD"
             f"||||||{stamp}|||F"]
    lines += [f"OBX|{i}|NM|{c}^{n}^LN||{v}|{u}^{u}^UCUM|{r}|{f}|||F|||{stamp}|||||{stamp}||||{PERFORMER}"
              for i, (c, n, v, u, r, f) in enumerate(values, start=1)]
    return "\r".join(lines) + "\r"

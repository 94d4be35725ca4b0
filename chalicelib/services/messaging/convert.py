"""Turn a patient's message into the request it really is, in one step, from the
conversation: a refill request (into the clinicians' review queue, as if the patient had
asked from their medication list) or a visit (booked by staff at the chosen time). The
conversation gets a reply saying so, so the patient sees what happened."""
from __future__ import annotations

from chalicelib.auth import Caller, authorize_patient
from chalicelib.errors import InvalidError
from chalicelib.services.messaging import common


def convert(caller: Caller, patient_id: str, thread_id: str, data: dict) -> dict:
    thread, how = common.load(caller, patient_id, thread_id, "messages.manage")
    kind = data.get("to")
    if kind == "refill":
        from chalicelib.services import change_requests

        authorize_patient(caller, patient_id, "health.review")
        made = change_requests._refill(caller, patient_id, "staff", data.get("entry_id") or "",
                                       f"From message {thread.ref}")
        text = (f"We have turned your message into a refill request for {made['entry_title']}. "
                "You will see the answer under Health summary.")
        result = {"refill_request": made}
    elif kind == "appointment":
        from chalicelib.services import booking

        for name in ("visit_type_id", "provider_id", "start"):
            if not data.get(name):
                raise InvalidError(f"{name} is required.", field=name)
        made = booking.book(caller, patient_id, {"visit_type_id": data["visit_type_id"],
                                                 "provider_id": data["provider_id"], "start": data["start"],
                                                 "reason": thread.subject[:500]})
        text = "We have booked a visit for you about this. You will find it under Appointments."
        result = {"appointment": made}
    else:
        raise InvalidError("to must be one of: refill, appointment.", field="to")
    from chalicelib.services.messaging import replies

    result["message"] = replies.reply(caller, patient_id, thread_id, text)
    return result

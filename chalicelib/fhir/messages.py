"""Secure messages (issue 11) as FHIR Communication resources, one per message the
patient side can read (internal notes stay out), each part of its conversation by
`inResponseTo` the conversation's first message and named by `topic`. Two Queries: the
patient's threads and their messages."""
from __future__ import annotations

from chalicelib.fhir import Context, Item, compact, reference

SECTION = "Messages with the care team"
CATEGORY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/communication-category",
                        "code": "notification"}], "text": "Secure message"}


def build(ctx: Context) -> list[Item]:
    from chalicelib.models.message import Message
    from chalicelib.models.message_thread import MessageThread
    from chalicelib.services.messaging import settings

    pid = ctx.patient.patient_id
    threads = {t.thread_id: t for t in MessageThread.query(pid)}
    labels = {t["id"]: t["label"] for t in settings.current()["topics"]}
    items = []
    for message in Message.query(pid, filter_condition=Message.kind != "note"):
        thread = threads.get(message.thread_id)
        if thread is None:
            continue
        resource_id = f"{message.thread_id}-{int(message.seq)}"
        from_patient = message.side == "patient"
        party = {"display": message.author_name + (f" for {message.on_behalf_of}" if message.on_behalf_of else "")}
        resource = compact({
            "resourceType": "Communication", "id": resource_id, "status": "completed",
            "category": [CATEGORY], "subject": ctx.patient_ref, "sent": message.created_at,
            "topic": {"text": f"{thread.subject} ({labels.get(thread.topic, thread.topic)}, {thread.ref})"},
            "sender": ctx.patient_ref if from_patient and not message.on_behalf_of else party,
            "recipient": [{"display": "Care team"}] if from_patient else [ctx.patient_ref],
            "inResponseTo": [reference("Communication", f"{message.thread_id}-1")] if int(message.seq) > 1 else None,
            "payload": [{"contentString": message.body}]
            + [{"contentReference": reference("DocumentReference", d)} for d in message.document_ids or []],
        })
        line = f"{thread.ref} {thread.subject}: {party['display']}, {message.created_at[:10]}: {message.body}"
        items.append(Item(resource, SECTION, line))
    return items

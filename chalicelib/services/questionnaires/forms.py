"""The practice's questionnaires and consent forms: every published version is kept
(a response or a signature names its version); the current one is the newest.
Listing a kind is one Query of a small partition."""
from __future__ import annotations

from chalicelib.auth import Caller, require
from chalicelib.errors import ConflictError, InvalidError, NotFoundError
from chalicelib.ids import looks_like_id, sortable_id
from chalicelib.models._base import iso_now
from chalicelib.models.form import PracticeForm

KINDS = ("questionnaire", "consent")


def _key(form_id: str, version: int) -> str:
    return f"{form_id}#{version:04d}"


def current(kind: str, include_retired: bool = False) -> list[PracticeForm]:
    """The newest version of each form of `kind` (one Query), oldest form first."""
    latest: dict[str, PracticeForm] = {}
    for form in PracticeForm.query(kind):
        latest[form.form_id] = form  # versions sort in order: the last one wins
    return [f for f in latest.values() if include_retired or f.status == "active"]


def load_current(kind: str, form_id: str, missing_field: str | None = None) -> PracticeForm:
    if looks_like_id(form_id):
        for form in PracticeForm.query(kind, PracticeForm.key.startswith(f"{form_id}#"),
                                       scan_index_forward=False, limit=1):
            return form
    if missing_field:
        raise InvalidError(f"There is no such {kind} form.", field=missing_field)
    raise NotFoundError(f"{kind.capitalize()} not found.")


def load_version(kind: str, form_id: str, version: int) -> PracticeForm:
    try:
        return PracticeForm.get(kind, _key(form_id, int(version)))
    except PracticeForm.DoesNotExist:
        raise NotFoundError(f"{kind.capitalize()} not found.") from None


def for_visit_type(visit_type_id: str) -> list[PracticeForm]:
    return [q for q in current("questionnaire") if visit_type_id in (q.visit_type_ids or [])]


def publish_questionnaire(caller: Caller | None, definition: dict, visit_type_ids: list[str] | None = None,
                          form_id: str | None = None, active: bool = True) -> dict:
    """A new questionnaire, or a new version of `form_id`. caller None: the demo seed."""
    from chalicelib.services.questionnaires.engine import check_definition

    if caller is not None:
        require(caller, "forms.manage")
    check_definition(definition)
    stored = {k: v for k, v in definition.items() if k not in ("id", "version", "url")}
    visit_type_ids = _visit_types(visit_type_ids or [])
    return _publish(caller, "questionnaire", form_id, stored["title"].strip(), stored, visit_type_ids, active)


def publish_consent(caller: Caller | None, title: str, text: str, form_id: str | None = None,
                    active: bool = True) -> dict:
    """A consent form, or its next version: patients who signed an older one are asked again."""
    if caller is not None:
        require(caller, "forms.manage")
    return _publish(caller, "consent", form_id, title.strip(), {"text": text.strip()}, [], active)


def _publish(caller, kind, form_id, title, definition, visit_type_ids, active) -> dict:
    version = 1
    if form_id:
        version = int(load_current(kind, form_id).version) + 1
    form = PracticeForm(kind, _key(form_id or sortable_id(), version), version=version, title=title,
                        status="active" if active else "retired", definition=definition,
                        visit_type_ids=visit_type_ids, published_at=iso_now(),
                        published_by_name=caller.display_name if caller else "Practice")
    form.form_id = form.key.split("#")[0]
    from pynamodb.exceptions import PutError

    try:
        form.save(condition=PracticeForm.key.does_not_exist())
    except PutError:
        raise ConflictError("Someone published this form at the same moment. Reload and try again.") from None
    return to_dict(form)


def _visit_types(ids: list[str]) -> list[str]:
    from chalicelib.services.scheduling import load_config

    known = load_config().visit_types
    for i, ident in enumerate(ids):
        if ident not in known:
            raise InvalidError("There is no such visit type.", field=f"visit_type_ids[{i}]")
    return sorted(set(ids))


def list_forms(caller: Caller) -> dict:
    require(caller, "forms.read")
    return {kind: [to_dict(f) for f in current(kind, include_retired=True)] for kind in KINDS}


def questionnaire_resource(form: PracticeForm) -> dict:
    """The stored definition as a FHIR Questionnaire with its id, version and canonical url."""
    from chalicelib.config import get_settings

    return {"resourceType": "Questionnaire", "id": form.form_id, "version": str(int(form.version)),
            "url": f"{get_settings().portal_url.rstrip('/')}/fhir/Questionnaire/{form.form_id}",
            **{k: v for k, v in form.definition.items() if k != "resourceType"}}


def to_dict(form: PracticeForm) -> dict:
    shown = {"form_id": form.form_id, "kind": form.kind, "version": int(form.version), "title": form.title,
             "status": form.status, "published_at": form.published_at,
             "published_by_name": form.published_by_name}
    if form.kind == "questionnaire":
        from chalicelib.services.questionnaires.scoring import instrument

        spec = instrument(form.definition)
        shown.update(visit_type_ids=list(form.visit_type_ids or []), questionnaire=questionnaire_resource(form),
                     scored=spec["name"] if spec else None)
    else:
        shown["text"] = form.definition.get("text", "")
    return shown

"""/patients/{id}/home: what needs the patient's attention (services/home.py)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers._http import caller, route
from chalicelib.services import home

bp = Blueprint(__name__)


@route(bp, "/patients/{patient_id}/home", tag="home",
       summary="What needs attention (new visit summaries, answered requests...) and live sections")
def get_home(patient_id):
    return home.home(caller(bp), patient_id)


@route(bp, "/patients/{patient_id}/home/items/{item_id}", "DELETE", tag="home",
       summary="Dismiss an item without opening it")
def dismiss(patient_id, item_id):
    return home.dismiss(caller(bp), patient_id, item_id)

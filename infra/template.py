"""Assemble the infra template from fragments.

A fragment is a function `(Context) -> Fragment`. Besides resources it may add
IAM statements for the functions' role, Lambda environment variables and KMS
key policy statements; `build_template` collects those into the one role, the
SAM `Globals` and the key. To add infrastructure (site bucket, SES receipt
rules...), write a module with a `fragment(ctx)` and append it to `FRAGMENTS`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Context:
    """What a fragment may depend on: the stage and the app's own definitions."""

    stage: str
    app_name: str
    table_prefix: str
    models: tuple = ()


@dataclass
class Fragment:
    parameters: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    # Collected into the functions' role policy / every function's environment / the KMS key policy.
    policy: list[dict[str, Any]] = field(default_factory=list)
    environment: dict[str, Any] = field(default_factory=dict)
    key_policy: list[dict[str, Any]] = field(default_factory=list)


def logical_id(*words: str) -> str:
    """'one-time-codes', 'Table' -> 'OneTimeCodesTable' (CloudFormation ids are alphanumeric)."""
    parts = [p for w in words for p in re.split(r"[^A-Za-z0-9]+", w) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts)


def ref(name: str) -> dict:
    return {"Ref": name}


def get_att(name: str, attribute: str) -> dict:
    return {"Fn::GetAtt": [name, attribute]}


def sub(text: str) -> dict:
    return {"Fn::Sub": text}


def stage_context(stage: str, models: list | None = None) -> Context:
    """Context for a stage of .chalice/config.json (TABLE_PREFIX comes from there)."""
    config = json.loads((PROJECT_DIR / ".chalice" / "config.json").read_text())
    if stage not in config.get("stages", {}):
        raise SystemExit(f"unknown stage {stage!r}: add it to .chalice/config.json")
    env = {**config.get("environment_variables", {}),
           **config["stages"][stage].get("environment_variables", {})}
    if "TABLE_PREFIX" not in env:
        raise SystemExit(f"stage {stage!r} has no TABLE_PREFIX in .chalice/config.json")
    if models is None:
        from chalicelib.models import all_models

        models = all_models()
    return Context(stage=stage, app_name=config["app_name"], table_prefix=env["TABLE_PREFIX"],
                   models=tuple(models))


def fragments() -> list[Callable[[Context], Fragment]]:
    # Imported here so a fragment module may import this one for Fragment/logical_id.
    from infra import (exports, functions, identity, inbound_mail, messaging, payments, security, site, storage,
                       tables)

    return [security.fragment, tables.fragment, storage.fragment, identity.fragment,
            messaging.fragment, functions.fragment, site.fragment, inbound_mail.fragment, payments.fragment,
            exports.fragment]


def build_template(ctx: Context, extra: list[Callable[[Context], Fragment]] | None = None) -> dict:
    """The template to merge into Chalice's: Parameters, Globals, Resources, Outputs."""
    from infra import functions, security

    built = [make(ctx) for make in fragments() + list(extra or [])]
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Patient portal ({ctx.stage}): API, data, identity and messaging",
        "Parameters": {},
        "Resources": {},
        "Outputs": {},
    }
    for part in built:
        for section, values in (("Parameters", part.parameters), ("Resources", part.resources),
                                ("Outputs", part.outputs)):
            for name, value in values.items():
                if name in template[section] and template[section][name] != value:
                    raise ValueError(f"two fragments define {section}.{name} differently")
                template[section][name] = value

    statements = [s for part in built for s in part.policy]
    environment: dict[str, Any] = {}
    for part in built:
        for name, value in part.environment.items():
            if name in environment and environment[name] != value:
                raise ValueError(f"two fragments set the environment variable {name} differently")
            environment[name] = value
    template["Resources"][functions.ROLE] = functions.role(statements)
    template["Globals"] = functions.globals_section(environment)
    key = template["Resources"][security.KEY]["Properties"]["KeyPolicy"]["Statement"]
    key.extend(s for part in built for s in part.key_policy)
    return template


def write_template(template: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(template, indent=2, sort_keys=False) + "\n")
    return path

"""Cold start is billed: heavy libraries load only when a request needs them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("jwt", "cryptography", "fastjsonschema", "aws_xray_sdk", "fpdf", "reportlab", "icalendar",
         "fhir", "fhir_core", "pydantic", "mailparser_reply", "email_reply_parser", "boto3", "moto")


def test_importing_the_app_loads_no_heavy_library():
    code = "import sys, json, app; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))

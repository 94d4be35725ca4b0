"""The Lambda layers (issue 16: lean functions).

- Chalice's managed layer (requirements.txt) goes to every function. It is rewritten
  without boto3, botocore and s3transfer: the Lambda runtime provides them, and a second
  botocore (16 MB zipped) only shadowed the runtime's and slowed every cold start.
- The PDF layer (requirements-pdf.txt: fpdf2, fontTools, Pillow; and the DejaVu fonts of
  fonts/) goes only to the functions that make PDFs: the export worker. The API function's
  package no longer carries 13 MB (zipped) it never used.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from infra.template import PROJECT_DIR, ref

RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
PDF_REQUIREMENTS = PROJECT_DIR / "requirements-pdf.txt"
FONTS_DIR = PROJECT_DIR / "fonts"  # /opt/fonts in the layer (chalicelib/pdfdoc.py looks in both)
PDF_LAYER = "PdfLayer"
PDF_ZIP = "pdf-layer.zip"
PDF_MODULES = ("fpdf", "fontTools", "PIL", "pillow.libs")
CACHE = PROJECT_DIR / ".chalice" / "deployments"


def _top(name: str) -> str:
    """A zip member's importable top-level name (python/lib/python3.x/site-packages/<top>/...)."""
    parts = name.split("/")
    if parts[:1] == ["python"] and len(parts) > 1 and parts[1] == "lib":
        parts = parts[4:]
    elif parts[:1] == ["python"]:
        parts = parts[1:]
    first = parts[0] if parts else ""
    if first.endswith((".dist-info", ".data")):
        first = first.rsplit("-", 2)[0] if first.count("-") >= 2 else first.split("-")[0]
    return first.lower()


def packages_in(bundle: Path, names) -> list[str]:
    """Which of `names` (top-level packages) the bundle holds."""
    wanted = {n.lower() for n in names}
    with zipfile.ZipFile(bundle) as z:
        return sorted({_top(n) for n in z.namelist()} & wanted)


def strip_runtime_packages(layer: Path) -> list[str]:
    """Rewrite the managed layer without the runtime's own packages; returns what went."""
    removed = packages_in(layer, RUNTIME_PROVIDED)
    if not removed:
        return []
    kept = layer.with_suffix(".tmp")
    with zipfile.ZipFile(layer) as src, zipfile.ZipFile(kept, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if _top(info.filename) not in RUNTIME_PROVIDED:
                dst.writestr(info, src.read(info.filename))
    kept.replace(layer)
    return removed


def _pip_platform(runtime: str) -> list[str]:
    version = runtime.removeprefix("python")
    return ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", version,
            "--only-binary=:all:"]


def build_pdf_layer(out: Path, runtime: str) -> Path:
    """<out>/pdf-layer.zip: python/<packages> and fonts/, cached by requirements and fonts."""
    digest = hashlib.sha256(PDF_REQUIREMENTS.read_bytes())
    for font in sorted(FONTS_DIR.iterdir()):
        digest.update(font.name.encode() + font.read_bytes())
    cached = CACHE / f"pdf-layer-{runtime}-{digest.hexdigest()[:16]}.zip"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "python"
            result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                     "--no-compile", "--target", str(target), *_pip_platform(runtime),
                                     "-r", str(PDF_REQUIREMENTS)], text=True, capture_output=True)
            if result.returncode != 0:
                raise ValueError(f"pip could not get the PDF layer's packages:\n{result.stdout}{result.stderr}")
            partial = cached.with_suffix(".partial")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
                for path in sorted(target.rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
                        z.write(path, "python/" + path.relative_to(target).as_posix())
                for font in sorted(FONTS_DIR.iterdir()):
                    z.write(font, f"fonts/{font.name}")
            partial.replace(cached)
    shutil.copyfile(cached, out / PDF_ZIP)
    return out / PDF_ZIP


def attach_pdf_layer(template: dict, runtime: str) -> list[str]:
    """Declare the PDF layer and give it to the export worker only; returns who got it."""
    from chalicelib.config import export_queue_name

    template["Resources"][PDF_LAYER] = {
        "Type": "AWS::Serverless::LayerVersion",
        "Properties": {"ContentUri": f"./{PDF_ZIP}", "CompatibleRuntimes": [runtime],
                       "CompatibleArchitectures": ["x86_64"],
                       "Description": "fpdf2, fontTools, Pillow and the DejaVu fonts: PDFs (export worker only)"},
    }
    given = []
    for name, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        events = (resource["Properties"].get("Events") or {}).values()
        if any(e.get("Type") == "SQS" and export_queue_name() in str(e["Properties"].get("Queue")) for e in events):
            resource["Properties"].setdefault("Layers", []).append(ref(PDF_LAYER))
            given.append(name)
    if not given:
        raise ValueError("no export worker function in the Chalice template to give the PDF layer to")
    return given


def zipped_sizes(out: Path) -> dict[str, int]:
    """Bytes of each bundle and of what the API function and the export worker deploy."""
    sizes = {p.name: p.stat().st_size for p in out.glob("*.zip")}
    sizes["api_function"] = sizes.get("deployment.zip", 0) + sizes.get("layer-deployment.zip", 0)
    sizes["export_worker"] = sizes["api_function"] + sizes.get(PDF_ZIP, 0)
    return sizes

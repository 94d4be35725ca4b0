"""`make package`: the deployable stack for a stage, linted.

    python -m infra.package --stage prod --out build/prod

1. generate the infra template from the models and write it to <out>/infra.json;
2. `chalice package --stage <stage> --merge-template <out>/infra.json <out>`
   (deployment.zip + sam.json; downloads Lambda wheels from PyPI on first build);
3. bind every generated function to the stack's role (infra.functions);
4. lean layers (infra.layers): the managed layer without the runtime's boto3/botocore, and
   the PDF layer (<out>/pdf-layer.zip) given to the export worker only;
5. refuse binary wheels that would not load on Lambda (compiled here from an sdist);
6. cfn-lint <out>/sam.json: any finding fails the build.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from infra import api, layers
from infra.functions import bind_functions
from infra.template import PROJECT_DIR, build_template, stage_context, write_template

BIN = Path(sys.executable).parent
# Newest glibc of the Lambda runtime's OS: Amazon Linux 2 up to python3.11, AL2023 after.
RUNTIME_GLIBC = {"python3.9": (2, 26), "python3.10": (2, 26), "python3.11": (2, 26),
                 "python3.12": (2, 34), "python3.13": (2, 34)}
LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


class PackageError(RuntimeError):
    pass


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, text=True, capture_output=True)
    if result.returncode != 0:
        raise PackageError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def _forget_cached_layers(since: float) -> None:
    """Chalice caches the dependency layer by requirements hash: never keep a broken one."""
    for cached in (PROJECT_DIR / ".chalice" / "deployments").glob("managed-layer-*.zip"):
        if cached.stat().st_mtime >= since:
            cached.unlink(missing_ok=True)


def package(stage: str, out: Path, region: str) -> Path:
    """Build <out>/sam.json and <out>/deployment.zip; returns the template path."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    merge = write_template(build_template(stage_context(stage)), out / "infra.json")
    env = {**os.environ, "AWS_DEFAULT_REGION": region}
    for stale in ("sam.json", "deployment.zip", "layer-deployment.zip", layers.PDF_ZIP):
        (out / stale).unlink(missing_ok=True)
    started = time.time()
    output = _run([str(BIN / "chalice"), "package", "--stage", stage, "--merge-template", str(merge), str(out)],
                  env)
    # Chalice only warns when it cannot get a dependency, and packages without it.
    if "Could not install dependencies" in output:
        _forget_cached_layers(started)
        raise PackageError(f"chalice package could not get every dependency:\n{output}")

    sam = out / "sam.json"
    template = json.loads(sam.read_text())
    runtimes = {r["Properties"].get("Runtime") for r in template["Resources"].values()
                if r.get("Type") == "AWS::Serverless::Function"}
    if len(runtimes) != 1:
        raise PackageError(f"one Lambda runtime expected, found {sorted(map(str, runtimes))}")
    runtime = runtimes.pop()
    try:
        bind_functions(template)
        api.configure(template)
        layers.strip_runtime_packages(out / "layer-deployment.zip")
        layers.build_pdf_layer(out, runtime)
        layers.attach_pdf_layer(template, runtime)
    except ValueError as exc:
        raise PackageError(str(exc)) from None
    sam.write_text(json.dumps(template, indent=2) + "\n")
    shared = [out / "deployment.zip", out / "layer-deployment.zip"]
    check_requirements(shared, PROJECT_DIR / "requirements.txt")
    check_requirements([out / layers.PDF_ZIP], layers.PDF_REQUIREMENTS)
    check_lean(shared, out / layers.PDF_ZIP)
    for bundle in sorted(out.glob("*.zip")):
        check_wheels(bundle, runtime)
    lint(sam, region)
    return sam


def check_lean(shared: list[Path], pdf_layer: Path) -> None:
    """What every function loads holds no PDF library and no second boto3/botocore."""
    for bundle in shared + [pdf_layer]:
        found = layers.packages_in(bundle, layers.RUNTIME_PROVIDED)
        if found:
            raise PackageError(f"{bundle.name}: {', '.join(found)} come with the Lambda runtime; "
                               "a copy in the bundle shadows it")
    for bundle in shared:
        found = layers.packages_in(bundle, layers.PDF_MODULES)
        with zipfile.ZipFile(bundle) as z:
            found += sorted({n for n in z.namelist() if n.endswith(".ttf")})
        if found:
            raise PackageError(f"{bundle.name}: {', '.join(found)} belong in the PDF layer (requirements-pdf.txt, "
                               "fonts/), not in what every function loads")


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def check_requirements(bundles: list[Path], requirements: Path) -> None:
    """Every package named in requirements.txt is in the bundles (a cached layer may predate a pin)."""
    wanted = set()
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            wanted.add(_normalize(re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0]))
    present = set()
    for bundle in bundles:
        with zipfile.ZipFile(bundle) as z:
            for name in z.namelist():
                first = name.split("/")[-2] if name.endswith(".dist-info/METADATA") else ""
                if first:
                    present.add(_normalize(first[: -len(".dist-info")].rsplit("-", 1)[0]))
    missing = sorted(wanted - present)
    if missing:
        raise PackageError(f"not in the Lambda bundles: {', '.join(missing)} (delete .chalice/deployments and retry)")


def _wheel_glibc(tag: str) -> tuple[int, int] | None:
    """The glibc a wheel platform tag needs; None if it runs anywhere (pure Python)."""
    platform = tag.rsplit("-", 1)[-1]
    if platform == "any":
        return None
    legacy = platform.split("_", 1)[0]
    if legacy in LEGACY_MANYLINUX:
        return LEGACY_MANYLINUX[legacy]
    match = re.fullmatch(r"manylinux_(\d+)_(\d+)_\w+", platform)
    if match:
        return int(match[1]), int(match[2])
    return (99, 0)  # linux_x86_64 etc.: compiled on this machine, for this machine only


def check_wheels(bundle: Path, runtime: str) -> None:
    """Every binary package in the bundle must have a wheel tag the runtime's glibc can load."""
    limit = RUNTIME_GLIBC.get(runtime)
    if limit is None:
        raise PackageError(f"unknown Lambda runtime {runtime!r}: add its glibc to RUNTIME_GLIBC")
    bad = []
    with zipfile.ZipFile(bundle) as z:
        for name in z.namelist():
            if not name.endswith(".dist-info/WHEEL"):
                continue
            tags = [line.split(":", 1)[1].strip() for line in z.read(name).decode().splitlines()
                    if line.startswith("Tag:")]
            needs = [_wheel_glibc(t) for t in tags]
            if tags and all(n is not None and n > limit for n in needs):
                bad.append(f"{name.split('/')[-2]} ({', '.join(tags)})")
    if bad:
        raise PackageError(f"{bundle.name}: binary packages that will not load on {runtime} "
                           f"(glibc {limit[0]}.{limit[1]}): {'; '.join(bad)}. Pin a version with a "
                           "manylinux2014 wheel in requirements.txt.")


def lint(path: Path, region: str) -> None:
    """cfn-lint must find nothing: errors, warnings and informational alike."""
    result = subprocess.run([str(BIN / "cfn-lint"), "--regions", region, "--", str(path)],
                            cwd=PROJECT_DIR, text=True, capture_output=True)
    if result.returncode != 0 or result.stdout.strip():
        raise PackageError(f"cfn-lint {path} ({result.returncode}):\n{result.stdout}{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.package", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--out", type=Path, help="build directory (default build/<stage>)")
    parser.add_argument("--region", default=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION"),
                        help="AWS region (default $AWS_DEFAULT_REGION)")
    args = parser.parse_args(argv)
    if not args.region:
        parser.error("no region: pass --region or set AWS_DEFAULT_REGION")
    out = args.out or PROJECT_DIR / "build" / args.stage
    try:
        sam = package(args.stage, out, args.region)
    except (PackageError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"packaged {args.stage}: {sam} and {sam.parent / 'deployment.zip'} (cfn-lint clean)")
    sizes = layers.zipped_sizes(sam.parent)
    for name, size in sorted(sizes.items()):
        print(f"  {name:<22} {size / 1e6:7.2f} MB zipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

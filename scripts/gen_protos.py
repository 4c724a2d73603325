"""Generate everything that derives from proto/: Python code, vendored google protos,
the descriptor set Envoy transcodes with, and the OpenAPI document of the REST surface.

Run from anywhere: ``python scripts/gen_protos.py``. CI runs it and fails on any diff.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO = ROOT / "proto"
OUT = ROOT / "server"
DESCRIPTOR = ROOT / "gateway" / "nexus.pb"
OPENAPI = ROOT / "docs" / "openapi.yaml"

# google/* protos the contracts import, plus the google.rpc types Envoy needs in its
# descriptor set to turn grpc-status-details-bin into a JSON error body.
VENDORED = [
    "google/api/annotations.proto",
    "google/api/client.proto",
    "google/api/field_behavior.proto",
    "google/api/http.proto",
    "google/api/httpbody.proto",
    "google/api/launch_stage.proto",
    "google/api/resource.proto",
    "google/rpc/code.proto",
    "google/rpc/error_details.proto",
    "google/rpc/status.proto",
]

INIT = '''"""Generated protobuf and gRPC code for nexus.v1; regenerate with scripts/gen_protos.py."""
'''


def vendor_google_protos() -> None:
    """Copy the google protos from the pinned googleapis-common-protos wheel into proto/."""
    from google.api import annotations_pb2

    site = Path(annotations_pb2.__file__).parent.parent.parent
    for rel in VENDORED:
        dst = PROTO / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / rel, dst)


def protoc(*args: str) -> None:
    include = str(resources.files("grpc_tools") / "_proto")
    cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{PROTO}", f"-I{include}", *args]
    subprocess.run(cmd, check=True, cwd=ROOT)


def main() -> None:
    vendor_google_protos()
    sources = sorted(str(p.relative_to(PROTO)) for p in (PROTO / "nexus" / "v1").glob("*.proto"))
    target = OUT / "nexus" / "v1"
    for old in target.glob("*_pb2*.py*"):
        old.unlink()
    target.mkdir(parents=True, exist_ok=True)
    protoc(f"--python_out={OUT}", f"--pyi_out={OUT}", f"--grpc_python_out={OUT}", *sources)
    (target / "__init__.py").write_text(INIT)
    DESCRIPTOR.parent.mkdir(parents=True, exist_ok=True)
    protoc(
        f"--descriptor_set_out={DESCRIPTOR}",
        "--include_imports",
        "--include_source_info",
        *sources,
        "google/rpc/status.proto",
        "google/rpc/error_details.proto",
    )
    sys.path.insert(0, str(Path(__file__).parent))
    import gen_openapi

    gen_openapi.write(DESCRIPTOR, OPENAPI)
    print(
        f"generated {len(sources)} protos into {target.relative_to(ROOT)}, "
        f"{DESCRIPTOR.relative_to(ROOT)} and {OPENAPI.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()

"""Generate Python code for every proto under protos/ into the one package okki_api/.

protos/<svc>/v1/<file>.proto is mirrored to build/protos/okki_api/<svc>/v1/<file>.proto and
compiled from there, so the generated imports read `from okki_api.<svc>.v1 import ...` without
editing generated code. Protos import each other as "okki_api/<svc>/v1/<file>.proto".
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
SRC, MIRROR, OUT = ROOT / "protos", ROOT / "build" / "protos", ROOT
PACKAGE = "okki_api"


def main() -> int:
    shutil.rmtree(MIRROR, ignore_errors=True)
    shutil.rmtree(OUT / PACKAGE, ignore_errors=True)
    files = []
    for proto in sorted(SRC.rglob("*.proto")):
        target = MIRROR / PACKAGE / proto.relative_to(SRC)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(proto, target)
        files.append(str(target.relative_to(MIRROR)))
    include = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", f"-I{MIRROR}", f"-I{include}", f"--python_out={OUT}", f"--pyi_out={OUT}",
            f"--grpc_python_out={OUT}", *files]
    if protoc.main(args) != 0:
        return 1
    for directory in [OUT / PACKAGE, *(p for p in (OUT / PACKAGE).rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()
    print(f"generated {len(files)} protos into {PACKAGE}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

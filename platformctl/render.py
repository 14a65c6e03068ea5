"""Output: rich tables for people, or JSON with --json for scripts; gRPC errors as one clear line."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager

import grpc
import typer
from google.protobuf.json_format import MessageToDict
from rich.console import Console
from rich.table import Table

from platformkit.grpcerrors import details_of

console = Console()
state = {"json": False}


def show(message, title: str = "") -> None:
    data = MessageToDict(message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
    if state["json"]:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=title or message.DESCRIPTOR.name, show_header=False)
    for key, value in data.items():
        table.add_row(key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    console.print(table)


@contextmanager
def rpc_errors():
    """Turn a gRPC error into a readable message and exit code 1 (2 for the caller's mistakes)."""
    try:
        yield
    except grpc.RpcError as error:
        info = details_of(error)
        console.print(f"[red]{info['code'].name}[/red]: {info['message']}")
        for field, description in info["violations"].items():
            console.print(f"  - {field}: {description}")
        if info["reason"]:
            console.print(f"  reason: {info['reason']} {info['metadata'] or ''}")
        caller_mistake = info["code"] in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND,
                                          grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.ALREADY_EXISTS,
                                          grpc.StatusCode.PERMISSION_DENIED)
        raise typer.Exit(2 if caller_mistake else 1) from None

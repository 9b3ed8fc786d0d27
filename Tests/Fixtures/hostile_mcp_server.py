"""A misbehaving MCP server over stdio, written without the SDK, for the hostile-input tests.

Usage: hostile_mcp_server.py MODE [BYTES]
  flood-nonewline  writes BYTES (default 100 MB) with no newline, then waits
  flood-noise      writes BYTES (default 100 MB) of lines that are not JSON-RPC, then waits
  silent           never answers initialize
  serve            answers initialize and tools/list (echo, hang, big); tools/call of "echo"
                   returns its text, of "hang" never answers, of "big" returns BYTES of text
"""
import json
import sys
import time

mode = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 100 * 1024 * 1024
out = sys.stdout.buffer


def flood(piece):
    written = 0
    while written < size:
        out.write(piece)
        written += len(piece)
    out.flush()
    time.sleep(3600)


if mode == "flood-nonewline":
    flood(b"x" * 65536)
elif mode == "flood-noise":
    flood(b"this is not a JSON-RPC message\n" * 2048)


def send(message):
    out.write(json.dumps(message).encode() + b"\n")
    out.flush()


TOOLS = [
    {"name": "echo", "description": "Echoes its text", "inputSchema": {
        "type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "hang", "description": "Never answers", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "big", "description": "A large result", "inputSchema": {"type": "object", "properties": {}}},
]

for line in sys.stdin:
    request = json.loads(line)
    method, ident = request.get("method"), request.get("id")
    if ident is None:
        continue  # a notification
    if method == "initialize":
        if mode == "silent":
            continue
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "protocolVersion": request["params"]["protocolVersion"], "capabilities": {"tools": {}},
            "serverInfo": {"name": "hostile", "version": "1"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}})
    elif method == "tools/call":
        name = request["params"]["name"]
        if name == "hang":
            continue
        text = "x" * size if name == "big" else request["params"].get("arguments", {}).get("text", "")
        send({"jsonrpc": "2.0", "id": ident, "result": {"content": [{"type": "text", "text": text}],
                                                         "isError": False}})
    else:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "no such method"}})

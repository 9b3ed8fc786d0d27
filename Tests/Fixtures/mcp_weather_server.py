"""A small MCP server for the tests, on the official Python SDK (mcp 1.x's FastMCP or 2.x's
MCPServer), over stdio or (`http PORT`) streamable HTTP: `get_weather` answers, `flaky_lookup`
fails with isError. Every call is appended to the
file named by MCP_CALL_LOG (one JSON line), so a test can see what the server received."""

import json
import os
import sys

try:
    from mcp.server.mcpserver import MCPServer as Server
    from mcp.server.mcpserver.exceptions import ToolError
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server
    from mcp.server.fastmcp.exceptions import ToolError

server = Server("weather-fixture")


def record(name, arguments):
    path = os.environ.get("MCP_CALL_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"tool": name, "arguments": arguments}) + "\n")


@server.tool()
def get_weather(city: str, unit: str = "celsius") -> str:
    """Current weather for a city."""
    record("get_weather", {"city": city, "unit": unit})
    return f"{city}: 3 degrees {unit}, light snow"


@server.tool()
def flaky_lookup(query: str) -> str:
    """A lookup that always fails."""
    record("flaky_lookup", {"query": query})
    raise ToolError(f"the lookup service is down for {query!r}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "http":
        # Streamable HTTP on 127.0.0.1:PORT/mcp, answering with JSON (not event streams).
        port = int(sys.argv[2])
        try:
            server.run("streamable-http", port=port, json_response=True)
        except TypeError:  # mcp 1.x: the settings hold them
            server.settings.port = port
            server.settings.json_response = True
            server.run("streamable-http")
    else:
        server.run("stdio")

"""Checks the Hummingbird example end to end (.ci/run runs it through Scripts/example-check):

- the SSE route streams the answer and says which endpoint answered;
- a small OTLP/HTTP receiver (JSON) gets the GenAI spans and metrics the library emits, with the
  OpenTelemetry GenAI attributes, and GET /metrics serves them to Prometheus;
- the chat page in headless Chromium (Debian's, driven by Playwright): the answer appears as it
  streams, a failing primary still answers from the backup, an outage is shown as an error a user
  can read; a screenshot of each is kept in the artifacts folder;
- SIGTERM while a stream is open: the stream completes and the process exits 0.

Usage: example_check.py EXAMPLE_BINARY ARTIFACTS_DIR
"""

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from playwright.sync_api import sync_playwright

BINARY, ARTIFACTS = sys.argv[1], sys.argv[2]
OTLP_PORT = 14318
os.makedirs(ARTIFACTS, exist_ok=True)
received = {"traces": [], "metrics": []}
received_lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    """OTLP/HTTP with JSON bodies: /v1/traces and /v1/metrics."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kind = {"/v1/traces": "traces", "/v1/metrics": "metrics"}.get(self.path)
        if kind:
            with received_lock:
                received[kind].append(json.loads(body))
        self.send_response(200 if kind else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def start_receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", OTLP_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_example(port, scenario="", delay_ms=0, otlp=False):
    env = dict(os.environ, PORT=str(port), EXAMPLE_SIMULATE=scenario, EXAMPLE_CHUNK_DELAY_MS=str(delay_ms))
    for name in list(env):
        if name.startswith(("AZURE_OPENAI_", "OPENAI_")):
            del env[name]
    if otlp:
        env.update(
            OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{OTLP_PORT}",
            OTEL_EXPORTER_OTLP_PROTOCOL="http/json",
            OTEL_METRIC_EXPORT_INTERVAL="500",
            OTEL_BSP_SCHEDULE_DELAY="200",
        )
    log = open(os.path.join(ARTIFACTS, f"example-{port}.log"), "wb")
    process = subprocess.Popen([BINARY], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return process
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the example on port {port} did not start (log: {log.name})")
            time.sleep(0.2)


def stop(process):
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0, f"exit code {process.returncode}"


def sse_events(port, prompt):
    """Yields (event, data) pairs of the SSE route as they arrive."""
    url = f"http://127.0.0.1:{port}/chat?prompt=" + urllib.parse.quote(prompt)
    with urllib.request.urlopen(url, timeout=60) as response:
        event, data = "message", []
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line == "":
                if data:
                    yield event, "\n".join(data)
                event, data = "message", []
            elif line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])


def answer_of(port, prompt):
    text, endpoint, done = "", None, False
    for event, data in sse_events(port, prompt):
        if event == "meta":
            endpoint = json.loads(data)["endpoint"]
        elif event == "message" and data == "[DONE]":
            done = True
        elif event == "message":
            text += json.loads(data)["delta"]
        else:
            raise AssertionError(f"unexpected event {event}: {data}")
    assert done, "the stream ended without [DONE]"
    return text, endpoint


def attributes(item):
    values = {}
    for attribute in item.get("attributes", []):
        value = attribute["value"]
        if "arrayValue" in value:
            values[attribute["key"]] = [next(iter(v.values())) for v in value["arrayValue"].get("values", [])]
        else:
            values[attribute["key"]] = next(iter(value.values()), None)
    return values


def spans():
    with received_lock:
        batches = list(received["traces"])
    return [
        span
        for batch in batches
        for resource in batch.get("resourceSpans", [])
        for scope in resource.get("scopeSpans", [])
        for span in scope.get("spans", [])
    ]


def metrics():
    with received_lock:
        batches = list(received["metrics"])
    return {
        metric["name"]: metric
        for batch in batches
        for resource in batch.get("resourceMetrics", [])
        for scope in resource.get("scopeMetrics", [])
        for metric in scope.get("metrics", [])
    }


def wait_for(condition, what, timeout=30):
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def chat_in_browser(browser, port, prompt, screenshot):
    """Sends `prompt` from the page; returns what it showed while streaming and at the end."""
    page = browser.new_page(viewport={"width": 900, "height": 600})
    page.goto(f"http://127.0.0.1:{port}/")
    page.fill("#prompt", prompt)
    page.click("#send")
    page.wait_for_function("document.getElementById('status').textContent !== 'streaming'", timeout=60_000)
    shown = {
        "status": page.inner_text("#status"),
        "answer": page.inner_text("#answer"),
        "endpoint": page.inner_text("#endpoint"),
        "error": page.inner_text("#error") if page.is_visible("#error") else "",
    }
    page.screenshot(path=os.path.join(ARTIFACTS, screenshot), full_page=True)
    page.close()
    return shown


def check_streaming_page(browser, port):
    """The answer grows in the page while the stream is open, then matches the route's answer."""
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{port}/")
    page.fill("#prompt", "Tell me about streams")
    page.click("#send")
    page.wait_for_function(
        "document.getElementById('status').textContent === 'streaming'"
        " && document.getElementById('answer').textContent.length > 0",
        timeout=60_000,
    )
    partial = page.inner_text("#answer")
    page.wait_for_function("document.getElementById('status').textContent === 'done'", timeout=60_000)
    final = page.inner_text("#answer")
    page.close()
    assert final == "primary says: Tell me about streams", final
    assert len(partial) < len(final) and final.startswith(partial), (partial, final)
    print(f"page: '{partial}' while streaming, then '{final}'")


def main():
    receiver = start_receiver()
    example = start_example(18089, delay_ms=150, otlp=True)
    try:
        text, endpoint = answer_of(18089, "Hello SSE")
        assert (text, endpoint) == ("primary says: Hello SSE", "primary"), (text, endpoint)
        print("SSE route OK:", text, "from", endpoint)

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            check_streaming_page(browser, 18089)
            shown = chat_in_browser(browser, 18089, "What is the capital of France?", "chat-page.png")
            assert shown["status"] == "done" and shown["endpoint"] == "primary", shown
            assert shown["answer"] == "primary says: What is the capital of France?", shown
            print("page OK:", shown)

            failover = start_example(18090, scenario="primary-outage")
            try:
                shown = chat_in_browser(browser, 18090, "Are you there?", "chat-page-failover.png")
                assert shown["status"] == "done" and shown["endpoint"] == "backup", shown
                assert shown["answer"] == "backup says: Are you there?", shown
                print("failover page OK:", shown)
            finally:
                stop(failover)

            outage = start_example(18091, scenario="outage")
            try:
                shown = chat_in_browser(browser, 18091, "Anyone?", "chat-page-error.png")
                assert shown["status"] == "failed" and shown["answer"] == "", shown
                assert "unavailable right now" in shown["error"] and "serviceUnavailable" in shown["error"], shown
                assert "127.0.0.1" not in shown["error"] and "local" not in shown["error"], "internals reached the page"
                print("error page OK:", shown["error"].replace("\n", " / "))
            finally:
                stop(outage)
            browser.close()

        # Traces and metrics over OTLP/HTTP, with the GenAI conventions' names.
        def chat_span():
            return next((s for s in spans() if s["name"] == "chat gpt-4.1-mini" and "gen_ai.response.id" in attributes(s)), None)

        wait_for(chat_span, "a 'chat gpt-4.1-mini' span")
        span = attributes(chat_span())
        expected = {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "azure.ai.openai",
            "gen_ai.request.model": "gpt-4.1-mini",
            "gen_ai.response.model": "gpt-4.1-mini",
            "gen_ai.response.finish_reasons": ["stop"],
            "server.address": "127.0.0.1",
        }
        for key, value in expected.items():
            assert span.get(key) == value, (key, span)
        for key in ["gen_ai.response.id", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"]:
            assert key in span, (key, span)
        assert any(s["name"] == "llm.attempt" for s in spans()), "no attempt spans"
        print("OTLP span OK:", {k: span[k] for k in sorted(span)})

        wanted = {
            "gen_ai.client.operation.duration": "s",
            "gen_ai.client.token.usage": "{token}",
            "gen_ai.client.operation.time_to_first_chunk": "s",
        }
        wait_for(lambda: all(name in metrics() for name in wanted), "the GenAI metrics over OTLP")
        for name, unit in wanted.items():
            metric = metrics()[name]
            assert metric.get("unit") == unit, (name, metric.get("unit"))
            points = metric["histogram"]["dataPoints"]
            assert any(attributes(p).get("gen_ai.request.model") == "gpt-4.1-mini" for p in points), (name, points)
        print("OTLP metrics OK:", sorted(metrics()))

        exposition = urllib.request.urlopen("http://127.0.0.1:18089/metrics", timeout=10).read().decode()
        for name in ["gen_ai_client_operation_duration", "gen_ai_client_token_usage"]:
            assert name in exposition, name
        print("/metrics OK:", len(exposition.splitlines()), "lines")

        # SIGTERM while a stream is open: the stream completes, the process exits 0.
        events = sse_events(18089, "Finish this while shutting down please")
        first = next(events)
        while first[0] != "message":
            first = next(events)
        example.send_signal(signal.SIGTERM)
        rest = list(events)
        assert rest and rest[-1] == ("message", "[DONE]"), rest[-3:]
        text = json.loads(first[1])["delta"] + "".join(json.loads(d)["delta"] for e, d in rest[:-1] if e == "message")
        assert text == "primary says: Finish this while shutting down please", text
        assert example.wait(timeout=60) == 0, f"exit code {example.returncode}"
        print("graceful shutdown OK: the open stream completed, exit code 0")
    finally:
        if example.poll() is None:
            example.kill()
        receiver.shutdown()
    print("screenshots:", ", ".join(sorted(f for f in os.listdir(ARTIFACTS) if f.endswith(".png"))))


if __name__ == "__main__":
    main()

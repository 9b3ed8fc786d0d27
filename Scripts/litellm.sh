#!/usr/bin/env bash
# The LiteLLM proxy, for the real-gateway tests (Tests/RealServer/LiteLLMTests.swift).
#
#   Scripts/litellm.sh install       # install it (once)
#   Scripts/litellm.sh start DIR     # install (once) and start the proxy; prints the variables
#   Scripts/litellm.sh stop DIR
#
# LiteLLM is pinned ($LITELLM_VERSION: later 1.1xx releases move the proxy into a package PyPI does
# not have; never 1.82.7 or 1.82.8, which were compromised) and
# installed once into a virtual environment outside the clone, keyed by its version:
#   ${XDG_CACHE_HOME:-~/.cache}/swift-llm/litellm-$LITELLM_VERSION
# The proxy serves `mock_response` models (no upstream is called): `mock-gpt` answers a fixed
# text, `mock-tool` calls `get_weather` for Oslo, `mock-rate-limited` raises LiteLLM's
# RateLimitError (a 429). It listens on
# 127.0.0.1:$LITELLM_PORT with the master key $LITELLM_KEY and never fetches anything.
set -euo pipefail
LITELLM_VERSION=1.81.16
LITELLM_PORT=${LITELLM_PORT:-18190}
LITELLM_KEY=${LITELLM_KEY:-sk-litellm-local-test}
venv="${XDG_CACHE_HOME:-$HOME/.cache}/swift-llm/litellm-$LITELLM_VERSION"

install() {
    if ! "$venv/bin/python3" -c "import litellm.proxy" 2>/dev/null; then
        echo "== installing litellm[proxy]==$LITELLM_VERSION into $venv ==" >&2
        python3 -m venv --clear "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "litellm[proxy]==$LITELLM_VERSION" >&2
    fi
}

start() {
    local dir=$1
    mkdir -p "$dir"
    install
    cat >"$dir/config.yaml" <<YAML
model_list:
  - model_name: mock-gpt
    litellm_params:
      model: openai/gpt-4o-mini
      api_key: sk-not-used
      mock_response: "Hello from the LiteLLM mock"
  - model_name: mock-tool
    litellm_params:
      model: openai/gpt-4o-mini
      api_key: sk-not-used
      mock_response: ""
      mock_tool_calls:
        - id: call_mock_1
          type: function
          function:
            name: get_weather
            arguments: '{"city": "Oslo"}'
  - model_name: mock-rate-limited
    litellm_params:
      model: openai/gpt-4o-mini
      api_key: sk-not-used
      mock_response: "litellm.RateLimitError"
litellm_settings:
  num_retries: 0
  telemetry: false
general_settings:
  master_key: $LITELLM_KEY
YAML
    LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_TELEMETRY=False \
        "$venv/bin/litellm" --config "$dir/config.yaml" --host 127.0.0.1 --port "$LITELLM_PORT" \
        >"$dir/litellm.log" 2>&1 &
    echo $! >"$dir/litellm.pid"
    local deadline=$((SECONDS + 180))
    until curl -fsS "http://127.0.0.1:$LITELLM_PORT/health/liveliness" >/dev/null 2>&1; do
        if [ $SECONDS -gt $deadline ] || ! kill -0 "$(cat "$dir/litellm.pid")" 2>/dev/null; then
            tail -20 "$dir/litellm.log" >&2
            echo "the LiteLLM proxy did not start" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "LLM_TEST_LITELLM_URL=http://127.0.0.1:$LITELLM_PORT"
    echo "LLM_TEST_LITELLM_KEY=$LITELLM_KEY"
}

stop() {
    local dir=$1
    if [ -f "$dir/litellm.pid" ]; then
        kill "$(cat "$dir/litellm.pid")" 2>/dev/null || true
        rm -f "$dir/litellm.pid"
    fi
}

case "${1:-}" in
    install) install ;;
    start) start "${2:?start DIR}" ;;
    stop) stop "${2:?stop DIR}" ;;
    *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac

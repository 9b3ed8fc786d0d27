"""Drives LLMSimulator's Messages API with Anthropic's official Python SDK, the oracle for its wire
format. Usage: anthropic_sdk_oracle.py BASE_URL KEY STEP, where STEP is one of answer, stream,
tools, overloaded, stream-overloaded. Prints one JSON object with what the SDK saw; exits non-zero
with the SDK's error when it could not read the simulator's answer."""

import json
import sys

import anthropic


def main() -> None:
    base_url, key, step = sys.argv[1], sys.argv[2], sys.argv[3]
    # The SDK sends its key as a bearer token with its own anthropic-version; no retries, so a
    # failure reaches the test as the SDK raised it.
    client = anthropic.Anthropic(api_key=key, base_url=base_url, max_retries=0)
    model = "claude-sonnet-4-5"
    if step == "answer":
        raw = client.messages.with_raw_response.create(
            model=model, max_tokens=64, system="Be brief.", messages=[{"role": "user", "content": "ping"}]
        )
        message = raw.parse()
        print(json.dumps({
            "text": message.content[0].text, "stop_reason": message.stop_reason, "model": message.model,
            "input_tokens": message.usage.input_tokens, "output_tokens": message.usage.output_tokens,
            "request_id": raw.headers.get("request-id"), "id": message.id,
        }))
    elif step == "stream":
        with client.messages.stream(
            model=model, max_tokens=64, messages=[{"role": "user", "content": "stream these words"}]
        ) as stream:
            pieces = list(stream.text_stream)
            final = stream.get_final_message()
        print(json.dumps({
            "pieces": pieces, "text": final.content[0].text, "stop_reason": final.stop_reason,
            "output_tokens": final.usage.output_tokens, "input_tokens": final.usage.input_tokens,
        }))
    elif step == "tools":
        tools = [{
            "name": "get_weather", "description": "Weather in a city",
            "input_schema": {"type": "object", "properties": {"input": {"type": "string"}}, "required": ["input"]},
        }]
        conversation = [{"role": "user", "content": "Oslo"}]
        with client.messages.stream(model=model, max_tokens=64, tools=tools, messages=conversation) as stream:
            first = stream.get_final_message()
        use = next(block for block in first.content if block.type == "tool_use")
        conversation += [
            {"role": "assistant", "content": first.content},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "3C"}]},
        ]
        second = client.messages.create(model=model, max_tokens=64, tools=tools, messages=conversation)
        print(json.dumps({
            "stop_reason": first.stop_reason, "tool": use.name, "input": use.input, "tool_use_id": use.id,
            "answer": second.content[0].text, "final_stop_reason": second.stop_reason,
        }))
    elif step == "overloaded":
        try:
            client.messages.create(model=model, max_tokens=64, messages=[{"role": "user", "content": "hi"}])
        except anthropic.OverloadedError as error:
            print(json.dumps({
                "error": type(error).__name__, "status": error.status_code, "type": error.body["error"]["type"],
                "request_id": error.request_id,
            }))
            return
        sys.exit("expected an OverloadedError")
    elif step == "stream-overloaded":
        try:
            with client.messages.stream(
                model=model, max_tokens=64, messages=[{"role": "user", "content": "hi"}]
            ) as stream:
                for _ in stream.text_stream:
                    pass
        except anthropic.APIStatusError as error:
            print(json.dumps({"error": type(error).__name__, "type": error.body["error"]["type"]}))
            return
        sys.exit("expected the stream's error event to raise")
    else:
        sys.exit(f"unknown step {step}")


if __name__ == "__main__":
    main()

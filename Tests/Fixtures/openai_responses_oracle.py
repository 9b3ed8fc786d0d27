"""Drives LLMSimulator's Responses API with OpenAI's official Python SDK, the oracle for its wire
format. Usage: openai_responses_oracle.py BASE_URL KEY STEP, where STEP is one of answer, stream,
tools, stream-error. Prints one JSON object with what the SDK saw; exits non-zero with the SDK's
error when it could not read the simulator's answer."""

import json
import sys

import openai


def main() -> None:
    base_url, key, step = sys.argv[1], sys.argv[2], sys.argv[3]
    client = openai.OpenAI(api_key=key, base_url=base_url + "/v1", max_retries=0)
    model = "gpt-4.1-mini"
    if step == "answer":
        raw = client.responses.with_raw_response.create(model=model, instructions="Be brief.", input="ping")
        response = raw.parse()
        print(json.dumps({
            "text": response.output_text, "status": response.status, "id": response.id, "model": response.model,
            "input_tokens": response.usage.input_tokens, "output_tokens": response.usage.output_tokens,
            "request_id": raw.headers.get("x-request-id"),
        }))
    elif step == "stream":
        pieces, types = [], []
        with client.responses.stream(model=model, input="stream these words") as stream:
            for event in stream:
                types.append(event.type)
                if event.type == "response.output_text.delta":
                    pieces.append(event.delta)
            final = stream.get_final_response()
        print(json.dumps({
            "pieces": pieces, "text": final.output_text, "status": final.status, "types": types,
            "output_tokens": final.usage.output_tokens,
        }))
    elif step == "tools":
        tools = [{
            "type": "function", "name": "get_weather", "description": "Weather in a city", "strict": False,
            "parameters": {"type": "object", "properties": {"input": {"type": "string"}}, "required": ["input"]},
        }]
        conversation = [{"role": "user", "content": "Oslo"}]
        first = client.responses.create(model=model, tools=tools, input=conversation)
        call = next(item for item in first.output if item.type == "function_call")
        conversation += [item.model_dump(exclude_none=True) for item in first.output]
        conversation.append({"type": "function_call_output", "call_id": call.call_id, "output": "3C"})
        second = client.responses.create(model=model, tools=tools, input=conversation)
        print(json.dumps({
            "tool": call.name, "arguments": json.loads(call.arguments), "call_id": call.call_id,
            "answer": second.output_text, "status": second.status,
        }))
    elif step == "stream-error":
        # The SDK yields an `error` event (ResponseErrorEvent: code, message) as a typed event.
        with client.responses.stream(model=model, input="hi there") as stream:
            for event in stream:
                if event.type == "error":
                    print(json.dumps({"code": event.code, "message": event.message, "sequence": event.sequence_number}))
                    return
        sys.exit("expected the stream's error event")
    else:
        sys.exit(f"unknown step {step}")


if __name__ == "__main__":
    main()

"""Drives LLMSimulator's Gemini API with Google's official Python SDK (google-genai), the oracle for
its wire format. Usage: gemini_sdk_oracle.py BASE_URL KEY STEP, where STEP is one of answer,
stream, tools (a Gemini 3 function-call round trip: the SDK must return the thought signature),
quota. Prints one JSON object with what the SDK saw; exits non-zero with the SDK's error when it
could not read the simulator's answer."""

import json
import sys

from google import genai
from google.genai import errors, types


def main() -> None:
    base_url, key, step = sys.argv[1], sys.argv[2], sys.argv[3]
    client = genai.Client(
        api_key=key,
        http_options=types.HttpOptions(
            base_url=base_url, api_version="v1beta", retry_options=types.HttpRetryOptions(attempts=1)),
    )
    if step == "answer":
        response = client.models.generate_content(
            model="gemini-2.5-flash", contents="ping", config=types.GenerateContentConfig(system_instruction="Be brief."))
        print(json.dumps({
            "text": response.text, "finish_reason": response.candidates[0].finish_reason.value,
            "prompt_tokens": response.usage_metadata.prompt_token_count,
            "candidates_tokens": response.usage_metadata.candidates_token_count,
            "response_id": response.response_id, "model_version": response.model_version,
        }))
    elif step == "stream":
        pieces, finish = [], None
        for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="stream these words"):
            if chunk.text:
                pieces.append(chunk.text)
            if chunk.candidates and chunk.candidates[0].finish_reason:
                finish = chunk.candidates[0].finish_reason.value
        print(json.dumps({"pieces": pieces, "text": "".join(pieces), "finish_reason": finish}))
    elif step == "tools":
        weather = types.FunctionDeclaration(
            name="get_weather", description="Weather in a city",
            parameters_json_schema={"type": "object", "properties": {"input": {"type": "string"}}, "required": ["input"]},
        )
        config = types.GenerateContentConfig(
            tools=[types.Tool(function_declarations=[weather])],
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )
        model = "gemini-3-pro-preview"
        contents = [types.Content(role="user", parts=[types.Part.from_text(text="Oslo")])]
        first = client.models.generate_content(model=model, contents=contents, config=config)
        call = first.function_calls[0]
        signed = any(part.thought_signature for part in first.candidates[0].content.parts)
        contents += [
            first.candidates[0].content,
            types.Content(role="user", parts=[types.Part.from_function_response(name=call.name, response={"output": "3C"})]),
        ]
        second = client.models.generate_content(model=model, contents=contents, config=config)
        print(json.dumps({
            "tool": call.name, "args": call.args, "signed": signed, "answer": second.text,
            "finish_reason": second.candidates[0].finish_reason.value,
        }))
    elif step == "quota":
        try:
            client.models.generate_content(model="gemini-2.5-flash", contents="ping")
        except errors.ClientError as error:
            print(json.dumps({"error": type(error).__name__, "code": error.code, "status": error.status}))
            return
        sys.exit("expected a ClientError")
    else:
        sys.exit(f"unknown step {step}")


if __name__ == "__main__":
    main()

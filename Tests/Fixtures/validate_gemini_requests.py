"""Validates Gemini request bodies with the official SDK's own types (google-genai), whose models
forbid unknown fields: a misspelled or misplaced member is an error.

Usage: python3 validate_gemini_requests.py KIND BODY.json [BODY.json ...], where KIND is
generate (GenerateContentRequest), embed (EmbedContentRequest) or batch (BatchEmbedContentsRequest).
Prints each violation and exits 1 if there is any; otherwise prints "N bodies valid" and exits 0.
"""
import json
import sys

from google.genai import types

GENERATE = {
    "contents": None, "systemInstruction": types.Content, "tools": types.Tool, "toolConfig": types.ToolConfig,
    "generationConfig": types.GenerationConfig, "safetySettings": types.SafetySetting, "cachedContent": None,
}


def check_generate(body):
    problems = []
    for key, value in body.items():
        if key not in GENERATE:
            problems.append(f"unknown member {key}")
            continue
        kind = GENERATE[key]
        if key == "contents":
            for content in value:
                types.Content.model_validate(content)
                if content.get("role") not in ("user", "model"):
                    problems.append(f"role {content.get('role')}")
        elif key in ("tools", "safetySettings"):
            for item in value:
                kind.model_validate(item)
        elif kind is not None:
            kind.model_validate(value)
    if "contents" not in body:
        problems.append("no contents")
    return problems


def check_embed(body):
    problems = [f"unknown member {key}" for key in body if key not in ("content", "taskType", "outputDimensionality", "title", "model")]
    types.Content.model_validate(body["content"])
    if "taskType" in body:
        types.EmbedContentConfig.model_validate({"taskType": body["taskType"]})
    return problems


def main():
    kind, paths = sys.argv[1], sys.argv[2:]
    failures = 0
    for path in paths:
        body = json.load(open(path))
        try:
            if kind == "generate":
                problems = check_generate(body)
            elif kind == "embed":
                problems = check_embed(body)
            else:
                problems = [p for request in body["requests"] for p in check_embed(request)]
                problems += [f"unknown member {key}" for key in body if key != "requests"]
        except Exception as error:  # pydantic's ValidationError names the member
            problems = [str(error)[:400]]
        for problem in problems:
            failures += 1
            print(f"{path}: {problem}")
    print(f"{len(paths)} bodies valid" if failures == 0 else f"{failures} violations")
    sys.exit(1 if failures else 0)


main()

"""Validates OpenAI request bodies against an official request schema.

Usage: python3 validate_openai_requests.py SCHEMA.json ROOT BODY.json [BODY.json ...], where ROOT is
the schema's root (CreateChatCompletionRequest, CreateResponse, CreateEmbeddingRequest). Prints each
violation and exits 1 if there is any; otherwise prints "N bodies valid" and exits 0.
"""
import json
import sys

import jsonschema

schema = dict(json.load(open(sys.argv[1])))
schema["$ref"] = f"#/components/schemas/{sys.argv[2]}"
validator = jsonschema.Draft202012Validator(schema)
paths = sys.argv[3:]
failures = 0
for path in paths:
    for error in validator.iter_errors(json.load(open(path))):
        failures += 1
        print(f"{path}: /{'/'.join(map(str, error.path))}: {error.message[:300]}")
print(f"{len(paths)} bodies valid" if failures == 0 else f"{failures} schema violations")
sys.exit(1 if failures else 0)

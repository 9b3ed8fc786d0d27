"""Checks that each file holds a valid JSON Schema (Draft 2020-12 meta-schema, with jsonschema),
and, when a second file named NAME.instance.json sits beside NAME.json, that the instance is valid
against it. Prints one line per problem; exits 1 if there was any."""

import json
import os
import sys

import jsonschema

problems = 0
for path in sys.argv[1:]:
    if path.endswith(".instance.json"):
        continue
    with open(path, encoding="utf-8") as handle:
        schema = json.load(handle)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as error:
        problems += 1
        print(f"{os.path.basename(path)}: not a valid schema: {error.message}")
        continue
    instance_path = path[: -len(".json")] + ".instance.json"
    if os.path.exists(instance_path):
        with open(instance_path, encoding="utf-8") as handle:
            instance = json.load(handle)
        for error in jsonschema.Draft202012Validator(schema).iter_errors(instance):
            problems += 1
            print(f"{os.path.basename(instance_path)}: {error.message}")
print(f"checked {len([p for p in sys.argv[1:] if not p.endswith('.instance.json')])} schemas")
sys.exit(1 if problems else 0)

"""botocore as the oracle of the Bedrock building blocks.

sign REQUEST.json: signs the request (method, url, headers, body as base64, access key, secret,
session token, region, service, amz_date) with botocore's SigV4Auth at the fixed time and prints
the Authorization header.

frames FILE: parses an event stream with botocore.eventstream.EventStreamBuffer and prints each
message as JSON: headers (name -> [type, value]) and the payload as text.

converse FILE...: each file is {"modelId", "stream", "body"}: the body as the library sends it to
Converse (or ConverseStream). botocore validates it against the operation's input shape (types,
required members, enums, lengths) and serializes it again as its rest-json client would; prints,
per file, the validation errors, the URL path botocore would call, and whether its body equals
the library's.

client URL REGION: drives a Bedrock Runtime endpoint (the simulator) with botocore's own client,
credentials from the environment (so botocore signs every request): Converse, ConverseStream with
text and with a tool, then two requests the caller made fail (a throttle, an exception frame
inside a stream), then one signed with a wrong secret. Prints what botocore parsed, as JSON.
"""
import base64
import datetime
import json
import sys

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.eventstream


def sign(path):
    spec = json.load(open(path))
    fixed = datetime.datetime.strptime(spec["amz_date"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    credentials = botocore.credentials.Credentials(spec["access_key"], spec["secret"], spec.get("token"))
    request = botocore.awsrequest.AWSRequest(
        method=spec["method"], url=spec["url"], data=base64.b64decode(spec["body"]), headers=spec["headers"])
    botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
    print(request.headers["Authorization"])


def frames(path):
    buffer = botocore.eventstream.EventStreamBuffer()
    buffer.add_data(open(path, "rb").read())
    out = []
    for message in buffer:
        headers = {}
        for name, value in message.headers.items():
            if isinstance(value, bytes):
                value = base64.b64encode(value).decode()
            elif isinstance(value, datetime.datetime):
                value = int(value.timestamp() * 1000)
            elif not isinstance(value, (bool, int, str)):
                value = str(value)
            headers[name] = value
        out.append({"headers": headers, "payload": message.payload.decode("utf-8")})
    print(json.dumps(out, sort_keys=True))


BLOBS = ("bytes", "redactedContent")


def decoded_blobs(value):
    """The body with its blob members (base64 on the wire) as bytes, as botocore's callers pass them."""
    if isinstance(value, dict):
        return {k: base64.b64decode(v) if k in BLOBS and isinstance(v, str) else decoded_blobs(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [decoded_blobs(v) for v in value]
    return value


def enum_errors(value, shape, where="body"):
    """botocore's ParamValidator leaves enums to the service: check them against the shape here."""
    if shape.type_name == "structure" and isinstance(value, dict) and not shape.is_document_type:
        return [e for k, v in value.items() if k in shape.members
                for e in enum_errors(v, shape.members[k], f"{where}.{k}")]
    if shape.type_name == "list" and isinstance(value, list):
        return [e for i, v in enumerate(value) for e in enum_errors(v, shape.member, f"{where}[{i}]")]
    if shape.type_name == "string" and shape.enum and value not in shape.enum:
        return [f"{where}: {value!r} is not one of {shape.enum}"]
    return []


def converse(paths):
    import botocore.serialize
    import botocore.session
    import botocore.validate

    service = botocore.session.get_session().get_service_model("bedrock-runtime")
    serializer = botocore.serialize.create_serializer("rest-json", include_validation=False)
    out = []
    for path in paths:
        case = json.load(open(path))
        operation = service.operation_model("ConverseStream" if case["stream"] else "Converse")
        params = dict(decoded_blobs(case["body"]), modelId=case["modelId"])
        report = botocore.validate.ParamValidator().validate(params, operation.input_shape)
        errors = enum_errors(params, operation.input_shape)
        if report.has_errors() or errors:
            text = report.generate_report() if report.has_errors() else ""
            out.append({"errors": "\n".join([text] + errors).strip(), "path": "", "sameBody": False})
            continue
        request = serializer.serialize_to_request(params, operation)
        body = json.loads(request["body"] or b"{}")
        out.append({"errors": "", "path": request["url_path"], "sameBody": body == case["body"]})
    print(json.dumps(out))


def client(url, region):
    import os

    import botocore.config
    import botocore.exceptions
    import botocore.session

    def make(secret=None):
        session = botocore.session.get_session()
        return session.create_client(
            "bedrock-runtime", region_name=region, endpoint_url=url,
            aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=os.environ.get("AWS_SESSION_TOKEN"),
            config=botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}))

    bedrock = make()
    model = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    hello = [{"role": "user", "content": [{"text": "Hello botocore"}]}]
    out = {}
    answer = bedrock.converse(modelId=model, messages=hello, inferenceConfig={"maxTokens": 50})
    out["converse"] = {
        "text": answer["output"]["message"]["content"][0]["text"], "stopReason": answer["stopReason"],
        "usage": answer["usage"], "latencyMs": answer["metrics"]["latencyMs"],
        "requestId": answer["ResponseMetadata"]["RequestId"],
    }

    def events(**kwargs):
        names, text, tool_input, stop, usage, tool = [], "", "", None, None, None
        for event in bedrock.converse_stream(modelId=model, **kwargs)["stream"]:
            name = next(iter(event))
            names.append(name)
            body = event[name]
            if name == "contentBlockStart":
                tool = body["start"]["toolUse"]["name"]
            elif name == "contentBlockDelta":
                text += body["delta"].get("text", "")
                tool_input += body["delta"].get("toolUse", {}).get("input", "")
            elif name == "messageStop":
                stop = body["stopReason"]
            elif name == "metadata":
                usage = body["usage"]
        return {"events": names, "text": text, "toolInput": tool_input, "tool": tool, "stopReason": stop,
                "usage": usage}

    out["stream"] = events(messages=hello)
    spec = {"name": "lookup", "inputSchema": {"json": {"type": "object"}}}
    out["toolStream"] = events(messages=hello, toolConfig={"tools": [{"toolSpec": spec}]})
    try:
        bedrock.converse(modelId=model, messages=hello)
        out["throttled"] = None
    except botocore.exceptions.ClientError as error:
        out["throttled"] = {"code": error.response["Error"]["Code"], "status":
                            error.response["ResponseMetadata"]["HTTPStatusCode"]}
    try:
        events(messages=hello)
        out["streamException"] = None
    except botocore.exceptions.EventStreamError as error:
        out["streamException"] = {"code": error.response["Error"]["Code"],
                                  "message": error.response["Error"]["Message"]}
    try:
        make(secret="not-the-secret").converse(modelId=model, messages=hello)
        out["wrongSecret"] = None
    except botocore.exceptions.ClientError as error:
        out["wrongSecret"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                              "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    if sys.argv[1] == "client":
        client(sys.argv[2], sys.argv[3])
        sys.exit(0)
    if sys.argv[1] == "converse":
        converse(sys.argv[2:])
    else:
        {"sign": sign, "frames": frames}[sys.argv[1]](sys.argv[2])

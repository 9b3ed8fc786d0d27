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


if __name__ == "__main__":
    if sys.argv[1] == "converse":
        converse(sys.argv[2:])
    else:
        {"sign": sign, "frames": frames}[sys.argv[1]](sys.argv[2])

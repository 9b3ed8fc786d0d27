"""botocore as the oracle of the Bedrock building blocks.

sign REQUEST.json: signs the request (method, url, headers, body as base64, access key, secret,
session token, region, service, amz_date) with botocore's SigV4Auth at the fixed time and prints
the Authorization header.

frames FILE: parses an event stream with botocore.eventstream.EventStreamBuffer and prints each
message as JSON: headers (name -> [type, value]) and the payload as text.
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


if __name__ == "__main__":
    {"sign": sign, "frames": frames}[sys.argv[1]](sys.argv[2])

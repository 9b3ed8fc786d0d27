"""A small HTTP CONNECT proxy for the tests: prints its port, then one line per tunnel it opens
(`CONNECT host:port auth=ok|missing|wrong`). With a `user:password` argument it requires that
basic Proxy-Authorization and answers 407 otherwise. Stops when stdin closes."""

import base64
import socket
import sys
import threading

required = sys.argv[1] if len(sys.argv) > 1 else None


def pipe(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def handle(client):
    head = b""
    while b"\r\n\r\n" not in head:
        data = client.recv(4096)
        if not data:
            client.close()
            return
        head += data
    lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    method, target = lines[0].split(" ")[:2]
    headers = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
    sent = headers.get("proxy-authorization", "")
    auth = "missing" if not sent else ("ok" if required and sent == "Basic " + base64.b64encode(required.encode()).decode() else "wrong")
    if required is None:
        auth = "ok" if not sent else auth
    print(f"{method} {target} auth={auth}", flush=True)
    if method != "CONNECT" or (required and auth != "ok"):
        status = b"407 Proxy Authentication Required" if method == "CONNECT" else b"405 Method Not Allowed"
        client.sendall(b"HTTP/1.1 " + status + b"\r\nProxy-Authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\n\r\n")
        client.close()
        return
    host, port = target.rsplit(":", 1)
    upstream = socket.create_connection((host, int(port)))
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(64)
print(server.getsockname()[1], flush=True)


def accept():
    while True:
        client, _ = server.accept()
        threading.Thread(target=handle, args=(client,), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()
sys.stdin.read()

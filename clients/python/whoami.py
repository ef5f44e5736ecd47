"""WhoAmI over gRPC with a bearer token: the smallest complete huikuan client.

    PYTHONPATH=build/python /usr/bin/python3 clients/python/whoami.py [TOKEN_FILE]

TOKEN_FILE defaults to var/admin.token (written by `make run`); HUIKUAN_TARGET overrides the
server address (default 127.0.0.1:50051).
"""
import os
import pathlib
import sys

import grpc
from google.protobuf import text_format

from huikuan.v1 import identity_service_pb2, identity_service_pb2_grpc


def main() -> int:
    repo = pathlib.Path(__file__).resolve().parents[2]
    token_file = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else repo / "var" / "admin.token"
    token = token_file.read_text().strip()
    target = os.environ.get("HUIKUAN_TARGET", "127.0.0.1:50051")
    with grpc.insecure_channel(target) as channel:
        stub = identity_service_pb2_grpc.IdentityServiceStub(channel)
        reply = stub.WhoAmI(identity_service_pb2.WhoAmIRequest(),
                            metadata=[("authorization", f"Bearer {token}")], timeout=10)
    print(text_format.MessageToString(reply, as_utf8=True), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

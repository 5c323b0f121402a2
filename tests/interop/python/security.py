#!/usr/bin/python3
"""Independent gRPC client (grpcio) for ComplianceService's security tests: TLS, client certificates, bearer tokens,
rate limits.

Usage: security.py PORT OPTIONS_JSON
OPTIONS_JSON: {"ca": PEM path (TLS when set), "cert": PEM path, "key": PEM path, "token": bearer token,
               "calls": CheckEncounter calls to make (default 1), "health": true to also call health Check}
Prints one JSON object as its last stdout line: {"check": [status name per call], "health": status name or
SERVING/NOT_SERVING}. A refused TLS handshake shows as UNAVAILABLE.
"""
import json
import sys

import grpc

from interop import COMPLIANCE, Decision, HealthReq, HealthResp, STATUS_NAMES, good_encounter, out, unary


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    port, options = sys.argv[1], json.loads(sys.argv[2])
    target = "127.0.0.1:" + port
    if options.get("ca"):
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(options["ca"]),
            private_key=read(options["key"]) if options.get("key") else None,
            certificate_chain=read(options["cert"]) if options.get("cert") else None)
        channel = grpc.secure_channel(target, credentials)
    else:
        channel = grpc.insecure_channel(target)
    metadata = [("authorization", "Bearer " + options["token"])] if options.get("token") else None
    result = {"check": []}
    with channel:
        for _ in range(options.get("calls", 1)):
            try:
                request = good_encounter()
                unary(channel, COMPLIANCE + "CheckEncounter", type(request), Decision)(request, timeout=10, metadata=metadata)
                result["check"].append("OK")
            except grpc.RpcError as e:
                result["check"].append(e.code().name)
                result.setdefault("details", e.details())
        if options.get("health"):
            try:
                response = unary(channel, "/grpc.health.v1.Health/Check", HealthReq, HealthResp)(HealthReq(service=""), timeout=10)
                result["health"] = STATUS_NAMES[response.status]
            except grpc.RpcError as e:
                result["health"] = e.code().name
    out(result)


if __name__ == "__main__":
    main()

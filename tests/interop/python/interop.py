#!/usr/bin/python3
"""Independent gRPC client (grpcio, the gRPC C-core) for ComplianceService's functional tests.

Usage: interop.py PORT CASE [ARG]
Prints one JSON object (the observations) as its last stdout line; the xunit test asserts on it.
Exits non-zero on an unexpected error. Message classes are built at run time from a
FileDescriptorSet that protoc compiles from the repository's protos (no generated files kept).
"""
import json
import os
import subprocess
import sys
import tempfile
import threading

import grpc
import yaml
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PROTO_FILES = [
    "grpc/health/v1/health.proto",
    "grpc/reflection/v1/reflection.proto",
    "grpc/reflection/v1alpha/reflection.proto",
    "compliance/v1/compliance.proto",
    "testing/v1/echo.proto",
]


def load_messages():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "all.pb")
        subprocess.run(
            ["protoc", "-I", os.path.join(REPO, "protos"), "-I", os.path.join(REPO, "tests", "protos"),
             "--include_imports", "--descriptor_set_out=" + out] + PROTO_FILES,
            check=True)
        with open(out, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    return message_factory.GetMessages(fds.file)


M = load_messages()
HealthReq = M["grpc.health.v1.HealthCheckRequest"]
HealthResp = M["grpc.health.v1.HealthCheckResponse"]
EchoReq = M["testing.v1.EchoRequest"]
EchoResp = M["testing.v1.EchoResponse"]
STATUS_NAMES = {v.number: v.name for v in HealthResp.DESCRIPTOR.enum_types_by_name["ServingStatus"].values}


def out(obj):
    print(json.dumps(obj), flush=True)


def unary(ch, path, req_cls, resp_cls):
    return ch.unary_unary(path, request_serializer=req_cls.SerializeToString, response_deserializer=resp_cls.FromString)


def code_of(fn):
    try:
        fn()
        return "OK"
    except grpc.RpcError as e:
        return e.code().name


def case_health_check(ch):
    check = unary(ch, "/grpc.health.v1.Health/Check", HealthReq, HealthResp)
    result = {}
    for key, name in [("overall", ""), ("compliance", "compliance.v1.ComplianceService")]:
        result[key] = STATUS_NAMES[check(HealthReq(service=name), timeout=10).status]
    try:
        check(HealthReq(service="no.such.Service"), timeout=10)
        result["unknown"] = "OK"
    except grpc.RpcError as e:
        result["unknown"] = e.code().name
        result["unknown_detail"] = e.details()
    out(result)


def case_health_watch(ch, service):
    watch = ch.unary_stream("/grpc.health.v1.Health/Watch",
                            request_serializer=HealthReq.SerializeToString, response_deserializer=HealthResp.FromString)
    call = watch(HealthReq(service=service), timeout=20)
    seen = []
    for response in call:
        seen.append(STATUS_NAMES[response.status])
        if len(seen) == 1:
            # Tell the test the first status arrived; it then changes the status on the server.
            out({"first": seen[0]})
        if len(seen) == 2:
            break
    call.cancel()
    out({"statuses": seen})


def reflection_files(version, ch, requests):
    req_cls = M["grpc.reflection.%s.ServerReflectionRequest" % version]
    resp_cls = M["grpc.reflection.%s.ServerReflectionResponse" % version]
    info = ch.stream_stream("/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version,
                            request_serializer=req_cls.SerializeToString, response_deserializer=resp_cls.FromString)
    return list(info(iter([req_cls(**r) for r in requests]), timeout=10))


def case_reflection(ch):
    result = {}
    for version in ["v1", "v1alpha"]:
        responses = reflection_files(version, ch, [
            {"list_services": ""},
            {"file_containing_symbol": "compliance.v1.ComplianceService"},
            {"file_by_filename": "compliance/v1/vocabulary.proto"},
            {"file_containing_symbol": "no.such.Symbol"},
            {"file_containing_symbol": "grpc.health.v1.Health"},
        ])
        services = [s.name for s in responses[0].list_services_response.service]
        # Build a fresh pool from what the server returned: proves the files and their
        # dependencies are complete serialized FileDescriptorProtos.
        pool = descriptor_pool.DescriptorPool()
        protos = [descriptor_pb2.FileDescriptorProto.FromString(b)
                  for b in responses[1].file_descriptor_response.file_descriptor_proto]
        pending = list(protos)
        while pending:
            progressed = False
            for fdp in list(pending):
                try:
                    pool.Add(fdp)
                    pending.remove(fdp)
                    progressed = True
                except Exception:
                    pass
            if not progressed:
                break
        service = pool.FindServiceByName("compliance.v1.ComplianceService")
        by_filename_files = [descriptor_pb2.FileDescriptorProto.FromString(b).name
                             for b in responses[2].file_descriptor_response.file_descriptor_proto]
        health_files = [descriptor_pb2.FileDescriptorProto.FromString(b).name
                        for b in responses[4].file_descriptor_response.file_descriptor_proto]
        result[version] = {
            "services": services,
            "symbol_files": [p.name for p in protos],
            "methods": [m.name for m in service.methods],
            "by_filename_files": by_filename_files,
            "health_files": health_files,
            "unknown_error_code": responses[3].error_response.error_code,
            "unknown_error_message": responses[3].error_response.error_message,
        }
    out(result)


def case_unknown_method(ch):
    result = {}
    for key, path in [("unknown_method", "/compliance.v1.ComplianceService/NoSuchMethod"),
                      ("unknown_service", "/no.such.Service/Method")]:
        result[key] = code_of(lambda: unary(ch, path, HealthReq, HealthResp)(HealthReq(), timeout=10))
    EncReq = M["compliance.v1.EncounterRequest"]
    Decision = M["compliance.v1.Decision"]
    try:
        unary(ch, "/compliance.v1.ComplianceService/CheckEncounter", EncReq, Decision)(
            EncReq(jurisdiction="us-ks-roeland-park"), timeout=10)
        result["check_encounter"] = "OK"
    except grpc.RpcError as e:
        result["check_encounter"] = e.code().name
        result["check_encounter_detail"] = e.details()
    out(result)


def case_deadline(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    # A first call connects the channel, so the short deadline below is spent on the server.
    response = echo(EchoReq(message="fast"), timeout=10)
    result = {"fast_has_deadline": response.has_deadline}
    result["expired"] = code_of(lambda: echo(EchoReq(message="slow", sleep_ms=10000), timeout=1.0))
    out(result)


def case_large_request(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    result = {}
    try:
        echo(EchoReq(payload=b"\x01" * (5 * 1024 * 1024)), timeout=20)
        result["five_mib"] = "OK"
    except grpc.RpcError as e:
        result["five_mib"] = e.code().name
        result["five_mib_detail"] = e.details()
    result["three_mib_length"] = echo(EchoReq(payload=b"\x02" * (3 * 1024 * 1024)), timeout=20).payload_length
    out(result)


def case_gzip(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    response = echo(EchoReq(message="squeezed", payload=b"a" * 100000), timeout=10, compression=grpc.Compression.Gzip)
    out({"message": response.message, "payload_length": response.payload_length, "encoding": response.request_encoding})


def case_metadata(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    blob = bytes([0, 1, 2, 254, 255])
    response, call = echo.with_call(EchoReq(message="md"), timeout=10,
                                    metadata=[("x-trace-id", "abc-123"), ("x-blob-bin", blob)])
    initial = dict(call.initial_metadata())
    trailing = dict(call.trailing_metadata())
    out({
        "message": response.message,
        "header_text": initial.get("x-trace-id"),
        "header_bin_ok": initial.get("x-blob-bin") == blob,
        "trailer_text": trailing.get("x-trace-id"),
        "trailer_bin_ok": trailing.get("x-blob-bin") == blob,
    })


def case_status_message(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    try:
        echo(EchoReq(fail_code=9, fail_message="Déjà vu: 100% refusé\nnext line"), timeout=10)
        out({"code": "OK"})
    except grpc.RpcError as e:
        out({"code": e.code().name, "detail": e.details()})


def case_streaming(ch):
    stream = ch.unary_stream("/testing.v1.Echo/ServerStream", request_serializer=EchoReq.SerializeToString,
                             response_deserializer=EchoResp.FromString)
    indexes = [r.index for r in stream(EchoReq(message="s", count=5), timeout=10)]
    chat = ch.stream_stream("/testing.v1.Echo/Chat", request_serializer=EchoReq.SerializeToString,
                            response_deserializer=EchoResp.FromString)
    echoed = [r.message for r in chat(iter([EchoReq(message=m) for m in ["a", "b", "c"]]), timeout=10)]
    collect = ch.stream_unary("/testing.v1.Echo/Collect", request_serializer=EchoReq.SerializeToString,
                              response_deserializer=EchoResp.FromString)
    collected = collect(iter([EchoReq(message=m) for m in ["x", "y"]]), timeout=10).message
    out({"indexes": indexes, "chat": echoed, "collected": collected})


def case_concurrency(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    futures = [echo.future(EchoReq(message=str(i)), timeout=60) for i in range(500)]
    ok = 0
    mismatched = 0
    errors = {}
    for i, f in enumerate(futures):
        try:
            if f.result().message == str(i):
                ok += 1
            else:
                mismatched += 1
        except grpc.RpcError as e:
            errors[e.code().name] = errors.get(e.code().name, 0) + 1
    out({"ok": ok, "mismatched": mismatched, "errors": errors})


def case_cancel(ch):
    echo = unary(ch, "/testing.v1.Echo/Unary", EchoReq, EchoResp)
    echo(EchoReq(message="connect"), timeout=10)
    future = echo.future(EchoReq(message="cancel-me", sleep_ms=10000), timeout=30)
    threading.Event().wait(1.0)
    future.cancel()
    out({"cancelled": future.cancelled()})


COMPLIANCE = "/compliance.v1.ComplianceService/"
EncounterRequest = M["compliance.v1.EncounterRequest"]
CooperationRequest = M["compliance.v1.CooperationRequest"]
Decision = M["compliance.v1.Decision"]
ListJurisdictionsRequest = M["compliance.v1.ListJurisdictionsRequest"]
ListJurisdictionsResponse = M["compliance.v1.ListJurisdictionsResponse"]
EncounterAdvice = M["compliance.v1.EncounterAdvice"]

# A scenario request's enum keys and the prefix their wire names carry (the file writes them short).
ENUM_PREFIXES = {"action": "ACTION_", "contact": "CONTACT_", "role": "ROLE_", "crime": "CRIME_",
                 "request": "REQUEST_", "agency": "AGENCY_",
                 "facts": "FACT_", "unknown_facts": "FACT_", "basis": "FACT_"}


def load_scenarios(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def enum_number(message, field, name):
    return message.DESCRIPTOR.fields_by_name[field].enum_type.values_by_name[ENUM_PREFIXES[field] + name].number


def scenario_request(entry):
    cls = EncounterRequest if entry["rpc"] == "CheckEncounter" else CooperationRequest
    message = cls()
    for key, value in entry["request"].items():
        if key in ("jurisdiction", "incident_id"):
            setattr(message, key, str(value))
        elif key == "as_of":
            if isinstance(value, str):
                message.as_of.FromJsonString(value)
            else:
                message.as_of.FromDatetime(value)
        elif key == "include_what_if":
            if not isinstance(value, bool):
                raise ValueError("%s: include_what_if must be true or false, got %r" % (entry["name"], value))
            message.include_what_if = value
        elif isinstance(value, list):
            getattr(message, key).extend(enum_number(message, key, v) for v in value)
        else:
            setattr(message, key, enum_number(message, key, value))
    return message


def check(ch, rpc, request, timeout=10):
    return unary(ch, COMPLIANCE + rpc, type(request), Decision)(request, timeout=timeout)


def decision_json(decision):
    return json_format.MessageToDict(decision, preserving_proto_field_name=True)


def case_scenarios(ch, path):
    """Every scenario of the file, read here with PyYAML (requests only, include_what_if too) and sent
    with grpcio; prints each decision, which the xunit test compares with the file's expectations."""
    results = {}
    for entry in load_scenarios(path):
        request = scenario_request(entry)
        if not request.incident_id:
            request.incident_id = "python-" + entry["name"]
        try:
            results[entry["name"]] = {"rpc": entry["rpc"], "incident_id": request.incident_id,
                                      "decision": decision_json(check(ch, entry["rpc"], request))}
        except grpc.RpcError as e:
            results[entry["name"]] = {"rpc": entry["rpc"], "code": e.code().name, "details": e.details()}
    revision = unary(ch, COMPLIANCE + "ListJurisdictions", ListJurisdictionsRequest, ListJurisdictionsResponse)(
        ListJurisdictionsRequest(), timeout=10).policy_revision
    out({"revision": revision, "results": results})


def good_encounter():
    return EncounterRequest(jurisdiction="us-ks-roeland-park", action=enum_number(EncounterRequest, "action", "INQUIRE_STATUS"),
                            contact=enum_number(EncounterRequest, "contact", "TRAFFIC_STOP"),
                            role=enum_number(EncounterRequest, "role", "SUSPECT"))


def case_bad_input(ch):
    """A few bad requests (DOMAIN.md "Bad input" and "Unknown facts"), each followed by a good call on
    the same channel."""
    def fact(name):
        return enum_number(EncounterRequest, "facts", name)

    def spoil(change):
        request = good_encounter()
        change(request)
        return request

    cases = {
        "action_unset": ("CheckEncounter", spoil(lambda r: r.ClearField("action"))),
        "action_unknown_number": ("CheckEncounter", spoil(lambda r: setattr(r, "action", 99))),
        "cooperation_fact_in_encounter": ("CheckEncounter", spoil(lambda r: r.facts.append(fact("CRIMINAL_ACTIVITY")))),
        "five_unknown_facts": ("CheckEncounter", spoil(lambda r: r.unknown_facts.extend(
            fact(n) for n in ["STATE_CHARGE", "COURT_ORDER", "CRIME_IN_PROGRESS", "SERIOUS_CRIME", "KNOWN_STATUS"]))),
        "unknown_jurisdiction": ("CheckEncounter", spoil(lambda r: setattr(r, "jurisdiction", "us-xx-nowhere"))),
        "as_of_before_1900": ("CheckEncounter", spoil(lambda r: r.as_of.FromJsonString("1899-12-31T00:00:00Z"))),
        "encounter_fact_in_basis": ("CheckCooperationRequest", CooperationRequest(
            jurisdiction="us-ks-roeland-park", request=enum_number(CooperationRequest, "request", "DETAINER"),
            agency=enum_number(CooperationRequest, "agency", "ICE"), basis=[fact("FOREIGN_NATIONAL")])),
        "status_in_question_in_basis": ("CheckCooperationRequest", CooperationRequest(
            jurisdiction="us-ks-roeland-park", request=enum_number(CooperationRequest, "request", "DETAINER"),
            agency=enum_number(CooperationRequest, "agency", "ICE"), basis=[fact("STATUS_IN_QUESTION")])),
        "status_in_question_unknown": ("CheckEncounter", spoil(lambda r: r.unknown_facts.append(fact("STATUS_IN_QUESTION")))),
        "advise_with_action": ("AdviseEncounter", good_encounter()),
    }
    result = {}
    for name, (rpc, request) in cases.items():
        response_cls = EncounterAdvice if rpc == "AdviseEncounter" else Decision
        try:
            unary(ch, COMPLIANCE + rpc, type(request), response_cls)(request, timeout=10)
            result[name] = {"code": "OK", "details": ""}
        except grpc.RpcError as e:
            result[name] = {"code": e.code().name, "details": e.details()}
        good = check(ch, "CheckEncounter", good_encounter())
        result[name]["next_good_outcome"] = Decision.DESCRIPTOR.fields_by_name["outcome"].enum_type.values_by_number[good.outcome].name
    out(result)


def case_long_jurisdiction(ch):
    """A 10 KB unknown jurisdiction, with grpcio's default limits (8 KiB of metadata): the status must be NOT_FOUND
    with a short message, not RESOURCE_EXHAUSTED from a message that echoes it whole."""
    request = good_encounter()
    request.jurisdiction = "x" * 10240
    try:
        check(ch, "CheckEncounter", request)
        out({"code": "OK", "details": ""})
    except grpc.RpcError as e:
        out({"code": e.code().name, "details": e.details()})


def case_audit_load(ch, seconds):
    """Steady load for SECONDS from 8 threads (CheckEncounter and CheckCooperationRequest in turn): prints
    "ID <decision id>" for every decision received, as it arrives; errors (a server killed meanwhile) are
    counted, not fatal. The last line is the JSON summary."""
    import time
    deadline = time.monotonic() + float(seconds)
    lock = threading.Lock()
    summary = {"ok": 0, "errors": {}}
    encounter = good_encounter()
    encounter.incident_id = "audit-load"
    cooperation = CooperationRequest(jurisdiction="us-mo-st-joseph", request=enum_number(CooperationRequest, "request", "DETAINER"),
                                      agency=enum_number(CooperationRequest, "agency", "ICE"), incident_id="audit-load")

    def worker(n):
        i = 0
        while time.monotonic() < deadline:
            i += 1
            rpc, request = ("CheckEncounter", encounter) if (i + n) % 2 else ("CheckCooperationRequest", cooperation)
            try:
                decision = check(ch, rpc, request, timeout=5)
                with lock:
                    summary["ok"] += 1
                    print("ID " + decision.decision_id, flush=True)
            except grpc.RpcError as e:
                with lock:
                    summary["errors"][e.code().name] = summary["errors"].get(e.code().name, 0) + 1
                time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out(summary)


def case_caller_text(ch, text):
    """Caller text in every place a request can carry it (an unknown jurisdiction, an incident id with facts, a bad
    enum, an unknown service and method, metadata); prints each status. The xunit test then reads the server's logs."""
    token = "".join(c for c in text if c.isalnum())
    result = {}

    def call(name, fn):
        try:
            fn()
            result[name] = "OK"
        except grpc.RpcError as e:
            result[name] = e.code().name

    request = good_encounter()
    request.jurisdiction = text
    request.incident_id = "CAD " + text
    request.facts.append(enum_number(EncounterRequest, "facts", "FOREIGN_NATIONAL"))
    call("unknown_jurisdiction", lambda: check(ch, "CheckEncounter", request))
    request = good_encounter()
    request.incident_id = "CAD " + text
    request.facts.append(enum_number(EncounterRequest, "facts", "STATE_CHARGE"))
    call("incident_with_facts", lambda: check(ch, "CheckEncounter", request))
    request = good_encounter()
    request.incident_id = "CAD " + text
    request.action = 99
    call("bad_enum", lambda: check(ch, "CheckEncounter", request))
    call("unknown_service", lambda: ch.unary_unary("/" + token + ".Service/Method")(b"", timeout=10))
    call("unknown_method", lambda: ch.unary_unary(COMPLIANCE + token)(b"", timeout=10))
    call("metadata", lambda: unary(ch, COMPLIANCE + "CheckEncounter", EncounterRequest, Decision)(
        good_encounter(), timeout=10, metadata=[("x-note", text), ("x-" + token.lower(), "1")]))
    out(result)


def main():
    port, case = sys.argv[1], sys.argv[2]
    with grpc.insecure_channel("127.0.0.1:" + port) as ch:
        if len(sys.argv) > 3:
            globals()["case_" + case](ch, sys.argv[3])
        else:
            globals()["case_" + case](ch)


if __name__ == "__main__":
    main()

#!/usr/bin/env node
// Independent gRPC client (@grpc/grpc-js, pure JavaScript HTTP/2) for ComplianceService's
// functional tests. Usage: node interop.js PORT CASE [ARG]
// Prints one JSON object (the observations) as its last stdout line; exits non-zero on an
// unexpected error. Protos are loaded from the repository with @grpc/proto-loader.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const descriptor = require('protobufjs/ext/descriptor');

const repo = path.resolve(__dirname, '..', '..', '..');
const definition = protoLoader.loadSync(
  [
    'grpc/health/v1/health.proto',
    'grpc/reflection/v1/reflection.proto',
    'grpc/reflection/v1alpha/reflection.proto',
    'compliance/v1/compliance.proto',
    'testing/v1/echo.proto',
  ],
  {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [path.join(repo, 'protos'), path.join(repo, 'tests', 'protos')],
  });
const pkg = grpc.loadPackageDefinition(definition);

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code);
const deadline = (ms) => new Date(Date.now() + ms);

function call(client, method, request, options = {}, metadata = new grpc.Metadata()) {
  return new Promise((resolve) => {
    const result = {};
    const c = client[method](request, metadata, options, (err, response) => {
      result.code = err ? codeName(err.code) : 'OK';
      result.details = err ? err.details : '';
      result.response = response;
    });
    c.on('metadata', (md) => { result.headers = md; });
    c.on('status', (status) => { result.trailers = status.metadata; setImmediate(() => resolve(result)); });
  });
}

function reflect(version, address, requests) {
  const Reflection = pkg.grpc.reflection[version].ServerReflection;
  const client = new Reflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const responses = [];
    const stream = client.ServerReflectionInfo({ deadline: deadline(10000) });
    stream.on('data', (r) => responses.push(r));
    stream.on('error', reject);
    stream.on('end', () => { client.close(); resolve(responses); });
    for (const r of requests) stream.write(r);
    stream.end();
  });
}

const cases = {
  async health_check(address) {
    const health = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
    const overall = await call(health, 'Check', { service: '' }, { deadline: deadline(10000) });
    const compliance = await call(health, 'Check', { service: 'compliance.v1.ComplianceService' }, { deadline: deadline(10000) });
    const unknown = await call(health, 'Check', { service: 'no.such.Service' }, { deadline: deadline(10000) });
    out({
      overall: overall.response.status,
      compliance: compliance.response.status,
      unknown: unknown.code,
      unknown_detail: unknown.details,
    });
  },

  async health_watch(address, service) {
    const health = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
    const seen = [];
    await new Promise((resolve, reject) => {
      const stream = health.Watch({ service }, { deadline: deadline(20000) });
      stream.on('data', (r) => {
        seen.push(r.status);
        if (seen.length === 1) out({ first: r.status });
        if (seen.length === 2) { stream.cancel(); resolve(); }
      });
      stream.on('error', (e) => (e.code === grpc.status.CANCELLED ? resolve() : reject(e)));
    });
    out({ statuses: seen });
  },

  async reflection(address) {
    const result = {};
    for (const version of ['v1', 'v1alpha']) {
      const responses = await reflect(version, address, [
        { list_services: '' },
        { file_containing_symbol: 'compliance.v1.ComplianceService' },
        { file_by_filename: 'compliance/v1/vocabulary.proto' },
        { file_containing_symbol: 'no.such.Symbol' },
        { file_containing_symbol: 'grpc.health.v1.Health' },
      ]);
      const files = responses[1].file_descriptor_response.file_descriptor_proto.map((b) => descriptor.FileDescriptorProto.decode(b));
      const complianceFile = files.find((f) => f.name === 'compliance/v1/compliance.proto');
      result[version] = {
        services: responses[0].list_services_response.service.map((s) => s.name),
        symbol_files: files.map((f) => f.name),
        methods: complianceFile ? complianceFile.service[0].method.map((m) => m.name) : [],
        by_filename_files: responses[2].file_descriptor_response.file_descriptor_proto.map((b) => descriptor.FileDescriptorProto.decode(b).name),
        health_files: responses[4].file_descriptor_response.file_descriptor_proto.map((b) => descriptor.FileDescriptorProto.decode(b).name),
        unknown_error_code: responses[3].error_response.error_code,
        unknown_error_message: responses[3].error_response.error_message,
      };
    }
    out(result);
  },

  async unknown_method(address) {
    const generic = new grpc.Client(address, grpc.credentials.createInsecure());
    const raw = (p) => new Promise((resolve) => {
      generic.makeUnaryRequest(p, (x) => x, (x) => x, Buffer.alloc(0), { deadline: deadline(10000) },
        (err) => resolve(err ? codeName(err.code) : 'OK'));
    });
    const compliance = new pkg.compliance.v1.ComplianceService(address, grpc.credentials.createInsecure());
    const check = await call(compliance, 'CheckEncounter', { jurisdiction: 'us-ks-roeland-park' }, { deadline: deadline(10000) });
    out({
      unknown_method: await raw('/compliance.v1.ComplianceService/NoSuchMethod'),
      unknown_service: await raw('/no.such.Service/Method'),
      check_encounter: check.code,
      check_encounter_detail: check.details,
    });
  },

  async deadline(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    // A first call connects the channel, so the short deadline below is spent on the server.
    const fast = await call(echo, 'Unary', { message: 'fast' }, { deadline: deadline(10000) });
    const slow = await call(echo, 'Unary', { message: 'slow', sleep_ms: 10000 }, { deadline: deadline(1000) });
    out({ expired: slow.code, fast_has_deadline: fast.response.has_deadline });
  },

  async large_request(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': -1,
    });
    const five = await call(echo, 'Unary', { payload: Buffer.alloc(5 * 1024 * 1024, 1) }, { deadline: deadline(20000) });
    const three = await call(echo, 'Unary', { payload: Buffer.alloc(3 * 1024 * 1024, 2) }, { deadline: deadline(20000) });
    out({ five_mib: five.code, five_mib_detail: five.details, three_mib_length: three.response ? three.response.payload_length : -1 });
  },

  async gzip(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2, // gzip
    });
    const r = await call(echo, 'Unary', { message: 'squeezed', payload: Buffer.alloc(100000, 97) }, { deadline: deadline(10000) });
    out({ code: r.code, message: r.response.message, payload_length: r.response.payload_length, encoding: r.response.request_encoding });
  },

  async metadata(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    const blob = Buffer.from([0, 1, 2, 254, 255]);
    const md = new grpc.Metadata();
    md.add('x-trace-id', 'abc-123');
    md.add('x-blob-bin', blob);
    const r = await call(echo, 'Unary', { message: 'md' }, { deadline: deadline(10000) }, md);
    const first = (m, k) => (m && m.get(k).length ? m.get(k)[0] : null);
    out({
      message: r.response.message,
      header_text: first(r.headers, 'x-trace-id'),
      header_bin_ok: Buffer.isBuffer(first(r.headers, 'x-blob-bin')) && first(r.headers, 'x-blob-bin').equals(blob),
      trailer_text: first(r.trailers, 'x-trace-id'),
      trailer_bin_ok: Buffer.isBuffer(first(r.trailers, 'x-blob-bin')) && first(r.trailers, 'x-blob-bin').equals(blob),
    });
  },

  async status_message(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    const r = await call(echo, 'Unary', { fail_code: 9, fail_message: 'Déjà vu: 100% refusé\nnext line' }, { deadline: deadline(10000) });
    out({ code: r.code, detail: r.details });
  },

  async streaming(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    const indexes = await new Promise((resolve, reject) => {
      const seen = [];
      const s = echo.ServerStream({ message: 's', count: 5 }, { deadline: deadline(10000) });
      s.on('data', (r) => seen.push(r.index));
      s.on('error', reject);
      s.on('end', () => resolve(seen));
    });
    const chat = await new Promise((resolve, reject) => {
      const seen = [];
      const s = echo.Chat({ deadline: deadline(10000) });
      s.on('data', (r) => seen.push(r.message));
      s.on('error', reject);
      s.on('end', () => resolve(seen));
      for (const m of ['a', 'b', 'c']) s.write({ message: m });
      s.end();
    });
    const collected = await new Promise((resolve, reject) => {
      const s = echo.Collect({ deadline: deadline(10000) }, (err, r) => (err ? reject(err) : resolve(r.message)));
      for (const m of ['x', 'y']) s.write({ message: m });
      s.end();
    });
    out({ indexes, chat, collected });
  },

  async concurrency(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) =>
      call(echo, 'Unary', { message: String(i) }, { deadline: deadline(60000) }).then((r) => ({ i, r }))));
    const errors = {};
    let ok = 0;
    let mismatched = 0;
    for (const { i, r } of results) {
      if (r.code !== 'OK') errors[r.code] = (errors[r.code] || 0) + 1;
      else if (r.response.message === String(i)) ok += 1;
      else mismatched += 1;
    }
    out({ ok, mismatched, errors });
  },

  async cancel(address) {
    const echo = new pkg.testing.v1.Echo(address, grpc.credentials.createInsecure());
    await call(echo, 'Unary', { message: 'connect' }, { deadline: deadline(10000) });
    const code = await new Promise((resolve) => {
      const c = echo.Unary({ message: 'cancel-me', sleep_ms: 10000 }, { deadline: deadline(30000) },
        (err) => resolve(err ? codeName(err.code) : 'OK'));
      setTimeout(() => c.cancel(), 1000);
    });
    out({ cancelled: code === 'CANCELLED' });
  },
};

// A decision as proto3 JSON (what Google.Protobuf's JsonParser reads): enum names as they are,
// google.protobuf.Duration {seconds, nanos} as "<s>s", unset message fields left out.
function protoJson(value) {
  if (Array.isArray(value)) return value.map(protoJson);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 2 && keys.includes('seconds') && keys.includes('nanos')) {
    return `${Number(value.seconds) + value.nanos / 1e9}s`;
  }
  const result = {};
  for (const k of keys) {
    if (value[k] !== null && value[k] !== undefined) result[k] = protoJson(value[k]);
  }
  return result;
}

// A request as proto-loader wants it: the as_of RFC 3339 string becomes a Timestamp object.
function fromProtoJson(request) {
  const result = { ...request };
  if (typeof result.as_of === 'string') {
    const ms = Date.parse(result.as_of);
    result.as_of = { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
  }
  return result;
}

const goodEncounter = () => ({
  jurisdiction: 'us-ks-roeland-park', action: 'ACTION_INQUIRE_STATUS', contact: 'CONTACT_TRAFFIC_STOP', role: 'ROLE_SUSPECT',
});

Object.assign(cases, {
  // Every scenario of the file the test wrote (name, rpc, request as proto3 JSON, include_what_if
  // too); prints each decision, which the xunit test compares with the scenario file's expectations.
  async scenarios(address, file) {
    const scenarios = JSON.parse(require('fs').readFileSync(file, 'utf8'));
    const client = new pkg.compliance.v1.ComplianceService(address, grpc.credentials.createInsecure());
    const results = {};
    for (const s of scenarios) {
      const request = fromProtoJson(s.request);
      if (!request.incident_id) request.incident_id = `node-${s.name}`;
      const r = await call(client, s.rpc, request, { deadline: deadline(10000) });
      results[s.name] = r.code === 'OK'
        ? { rpc: s.rpc, incident_id: request.incident_id, decision: protoJson(r.response) }
        : { rpc: s.rpc, code: r.code, details: r.details };
    }
    const list = await call(client, 'ListJurisdictions', {}, { deadline: deadline(10000) });
    out({ revision: list.response.policy_revision, results });
  },

  // A few bad requests (DOMAIN.md "Bad input" and "Unknown facts"), each followed by a good call on the same channel.
  async bad_input(address) {
    const client = new pkg.compliance.v1.ComplianceService(address, grpc.credentials.createInsecure());
    const spoil = (change) => { const r = goodEncounter(); change(r); return r; };
    const badCases = {
      action_unset: ['CheckEncounter', spoil((r) => { delete r.action; })],
      action_unknown_number: ['CheckEncounter', spoil((r) => { r.action = 99; })],
      cooperation_fact_in_encounter: ['CheckEncounter', spoil((r) => { r.facts = ['FACT_CRIMINAL_ACTIVITY']; })],
      five_unknown_facts: ['CheckEncounter', spoil((r) => {
        r.unknown_facts = ['FACT_STATE_CHARGE', 'FACT_COURT_ORDER', 'FACT_CRIME_IN_PROGRESS', 'FACT_SERIOUS_CRIME', 'FACT_KNOWN_STATUS'];
      })],
      unknown_jurisdiction: ['CheckEncounter', spoil((r) => { r.jurisdiction = 'us-xx-nowhere'; })],
      as_of_before_1900: ['CheckEncounter', spoil((r) => { r.as_of = { seconds: String(Date.UTC(1899, 11, 31) / 1000), nanos: 0 }; })],
      encounter_fact_in_basis: ['CheckCooperationRequest', {
        jurisdiction: 'us-ks-roeland-park', request: 'REQUEST_DETAINER', agency: 'AGENCY_ICE', basis: ['FACT_FOREIGN_NATIONAL'],
      }],
      status_in_question_in_basis: ['CheckCooperationRequest', {
        jurisdiction: 'us-ks-roeland-park', request: 'REQUEST_DETAINER', agency: 'AGENCY_ICE', basis: ['FACT_STATUS_IN_QUESTION'],
      }],
      status_in_question_unknown: ['CheckEncounter', spoil((r) => { r.unknown_facts = ['FACT_STATUS_IN_QUESTION']; })],
      advise_with_action: ['AdviseEncounter', goodEncounter()],
    };
    const result = {};
    for (const [name, [rpc, request]] of Object.entries(badCases)) {
      const r = await call(client, rpc, request, { deadline: deadline(10000) });
      const good = await call(client, 'CheckEncounter', goodEncounter(), { deadline: deadline(10000) });
      result[name] = { code: r.code, details: r.details, next_good_outcome: good.response ? good.response.outcome : good.code };
    }
    out(result);
  },
});

// Exit only once stdout has drained: writes to a pipe are asynchronous, and process.exit() would
// cut off what is still queued (a scenarios result is well over the 64 KiB a pipe holds).
const exitAfterFlush = (code) => process.stdout.write('', () => process.exit(code));

const [port, name, arg] = process.argv.slice(2);
cases[name](`127.0.0.1:${port}`, arg)
  .then(() => exitAfterFlush(0))
  .catch((e) => { process.stderr.write(String(e && e.stack ? e.stack : e) + '\n', () => exitAfterFlush(1)); });

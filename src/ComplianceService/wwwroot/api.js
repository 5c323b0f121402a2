// The service's REST routes (gRPC JSON transcoding of compliance.v1.ComplianceService) and its OpenAPI document.

/** A refusal from the service: google.rpc.Status's message, which names the field at fault. */
export class ServiceError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(path, init) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, ...init });
  } catch (e) {
    throw new ServiceError(0, `The service could not be reached (${e.message}).`);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.message ? body.message : `${response.status} ${response.statusText}`;
    throw new ServiceError(response.status, message);
  }
  return body ?? {};
}

function post(path, request) {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(request) });
}

export const api = {
  jurisdictions: () => call('/v1/jurisdictions'),
  policy: (id) => call(`/v1/jurisdictions/${encodeURIComponent(id)}/policy`),
  advise: (request) => post('/v1/encounters:advise', request),
  checkCooperation: (request) => post('/v1/cooperation-requests:check', request),
  openApi: () => call('/openapi/v1.json'),
};

/** The values of the wire enum whose names start with `prefix` (e.g. "CONTACT"), from the OpenAPI document's schemas,
 *  in declaration order and without the _UNSPECIFIED value. */
export function enumValues(openApi, prefix) {
  const schemas = openApi?.components?.schemas ?? {};
  const unspecified = `${prefix}_UNSPECIFIED`;
  for (const schema of Object.values(schemas)) {
    const values = schema && Array.isArray(schema.enum) ? schema.enum : null;
    if (values && values.includes(unspecified) && values.every((v) => typeof v === 'string' && v.startsWith(`${prefix}_`))) {
      return values.filter((v) => v !== unspecified);
    }
  }
  throw new ServiceError(0, `The OpenAPI document lists no ${prefix} values.`);
}

/** Follows WatchPolicy as server-sent events; `onRevision` gets each PolicyRevision (the one in force first). */
export function watchRevisions(onRevision, onTrouble) {
  const source = new EventSource('/v1/policy-revisions:watch');
  source.addEventListener('revision', (event) => onRevision(JSON.parse(event.data)));
  source.addEventListener('error', () => onTrouble(source.readyState === EventSource.CLOSED));
  return source;
}

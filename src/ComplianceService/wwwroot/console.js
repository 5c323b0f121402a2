// The console's entry point: loads the choices, routes between the decision card (#/decide) and the policy pages
// (#/policy/<jurisdiction>), and follows the revision in force (server-sent events).
import { api, enumValues, watchRevisions } from './api.js';
import { decide, fillForm, jurisdictionOptions } from './decide.js';
import { showPolicy } from './policy.js';

const $ = (selector) => document.querySelector(selector);

function showError(error) {
  const box = $('#error');
  box.textContent = error ? `The service refused: ${error.message}` : '';
  box.hidden = !error;
}

function route() {
  const hash = window.location.hash || '#/decide';
  const policy = hash.startsWith('#/policy');
  $('#decide-page').hidden = policy;
  $('#policy-page').hidden = !policy;
  for (const [link, here] of [[$('#nav-decide'), !policy], [$('#nav-policy'), policy]]) {
    if (here) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  showError(null);
  if (policy) {
    const id = decodeURIComponent(hash.slice('#/policy/'.length));
    const select = $('#policy-jurisdiction');
    if (id) {
      select.value = id;
      showPolicy($('#policy'), id).catch(showError);
    } else {
      $('#policy').replaceChildren();
    }
  }
}

let shownRevision = null;

function revisionChanged(revision) {
  $('#revision-id').textContent = revision.revision;
  const when = revision.activatedAt ? new Date(revision.activatedAt).toLocaleString() : 'an unknown time';
  const detail = $('#revision-detail');
  detail.replaceChildren(document.createTextNode(` activated by ${revision.activatedBy || 'unknown'} at ${when}.`));
  if (shownRevision !== null && shownRevision !== revision.revision) {
    const note = document.createElement('span');
    note.className = 'changed';
    note.textContent = 'New revision: decide again to use it.';
    detail.append(note);
  }
  shownRevision = revision.revision;
  document.body.dataset.revision = revision.revision;
}

async function start() {
  watchRevisions(revisionChanged, (closed) => {
    if (closed) $('#revision-id').textContent = 'not connected';
  });
  try {
    const [listing, openApi] = await Promise.all([api.jurisdictions(), api.openApi()]);
    const vocabulary = {};
    for (const prefix of ['CONTACT', 'ROLE', 'CRIME', 'FACT', 'REQUEST', 'AGENCY']) vocabulary[prefix] = enumValues(openApi, prefix);
    const jurisdictions = listing.jurisdictions ?? [];
    fillForm($('#decide-form'), jurisdictions, vocabulary);
    jurisdictionOptions($('#policy-jurisdiction'), jurisdictions);
  } catch (error) {
    showError(error);
    return;
  }

  $('#decide-form').addEventListener('submit', (event) => {
    event.preventDefault();
    showError(null);
    decide(event.target, $('#results')).catch(showError);
  });
  $('#policy-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const hash = `#/policy/${encodeURIComponent($('#policy-jurisdiction').value)}`;
    if (window.location.hash === hash) route(); else window.location.hash = hash;
  });
  window.addEventListener('hashchange', route);
  route();
  document.body.dataset.ready = 'true';
}

start();

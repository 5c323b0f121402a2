// The decision card: every action's decision for one encounter (AdviseEncounter), and a federal request's
// (CheckCooperationRequest), with outcome, obligations and who acts, citations with their quotes and provenance, and
// what would change each answer.
import { api } from './api.js';
import { element, durationWords, isOfficial, option, outcomeBadge, outcomeClass, provenanceBadge, words } from './words.js';

// The facts a cooperation request may rest on (vocabulary.proto, enum Fact): an encounter takes every fact but
// FACT_CRIMINAL_ACTIVITY.
export const BASIS_FACTS = new Set([
  'FACT_CRIMINAL_WARRANT', 'FACT_IMMIGRATION_WARRANT', 'FACT_COURT_ORDER', 'FACT_STATUTE_REQUIRES',
  'FACT_PUBLIC_SAFETY_THREAT', 'FACT_CRIME_IN_PROGRESS', 'FACT_CRIMINAL_ACTIVITY', 'FACT_SUPERVISOR_APPROVAL',
]);
const ENCOUNTER_ONLY_EXCLUDED = 'FACT_CRIMINAL_ACTIVITY';

/** Adds the jurisdictions served as choices of `select` ("Name (id)"). */
export function jurisdictionOptions(select, jurisdictions) {
  for (const j of jurisdictions) option(select, j.id, `${j.name} (${j.id})`);
}

/** Fills the form's choices from the served jurisdictions and the OpenAPI document's enums. */
export function fillForm(form, jurisdictions, vocabulary) {
  const jurisdiction = form.querySelector('#jurisdiction');
  jurisdictionOptions(jurisdiction, jurisdictions);
  for (const [id, prefix] of [['contact', 'CONTACT'], ['role', 'ROLE']]) {
    const select = form.querySelector(`#${id}`);
    for (const value of vocabulary[prefix]) option(select, value, words(value, prefix));
  }
  const crime = form.querySelector('#crime');
  option(crime, '', 'None / not relevant');
  for (const value of vocabulary.CRIME) option(crime, value, words(value, 'CRIME'));
  const request = form.querySelector('#request');
  option(request, '', 'No federal request');
  for (const value of vocabulary.REQUEST) option(request, value, words(value, 'REQUEST'));
  const agency = form.querySelector('#agency');
  for (const value of vocabulary.AGENCY) option(agency, value, words(value, 'AGENCY'));
  const facts = form.querySelector('#fact-list');
  for (const fact of vocabulary.FACT) {
    const label = element('label');
    const box = element('input');
    box.type = 'checkbox';
    box.name = 'facts';
    box.value = fact;
    const basisOnly = fact === ENCOUNTER_ONLY_EXCLUDED;
    label.append(box, document.createTextNode(words(fact, 'FACT') + (basisOnly ? ' (federal request only)' : '')));
    facts.append(label);
  }
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  jurisdiction.addEventListener('change', () => markRelevantFacts(form, byId.get(jurisdiction.value)));
  markRelevantFacts(form, byId.get(jurisdiction.value));
}

/**
 * Marks the facts that can change some answer in the chosen jurisdiction (ListJurisdictions' relevant inputs, exact
 * and over every date in force); the others stay available but dimmed, described as not read there, so an officer is
 * asked only what matters.
 */
export function markRelevantFacts(form, jurisdiction) {
  const read = new Set((jurisdiction?.relevantInputs ?? []).flatMap((r) => r.facts ?? []));
  for (const box of form.querySelectorAll('input[name="facts"]')) {
    const relevant = read.has(box.value);
    box.closest('label').classList.toggle('not-read', !relevant);
    if (relevant) box.removeAttribute('aria-description');
    else box.setAttribute('aria-description', 'no rule in force in this jurisdiction reads this fact');
  }
}

/** Asks for the card and renders it into `results`. */
export async function decide(form, results) {
  const data = new FormData(form);
  const facts = data.getAll('facts');
  const encounter = {
    jurisdiction: data.get('jurisdiction'),
    contact: data.get('contact'),
    role: data.get('role'),
    facts: facts.filter((f) => f !== ENCOUNTER_ONLY_EXCLUDED),
    includeWhatIf: true,
  };
  if (data.get('crime')) encounter.crime = data.get('crime');
  const request = data.get('request');
  const [advice, cooperation] = await Promise.all([
    api.advise(encounter),
    request
      ? api.checkCooperation({
        jurisdiction: encounter.jurisdiction,
        request,
        agency: data.get('agency'),
        basis: facts.filter((f) => BASIS_FACTS.has(f)),
        includeWhatIf: true,
      })
      : Promise.resolve(null),
  ]);
  render(results, advice, cooperation);
}

function render(results, advice, cooperation) {
  results.replaceChildren();
  const heading = element('h3', null, 'Every action for this encounter');
  results.append(heading, element('p', 'hint', `Answered from policy revision ${(advice.policyRevision || '').slice(0, 12)}.`));
  const list = element('ul', 'cards');
  for (const decision of advice.decisions ?? []) list.append(card(words(decision.action, 'ACTION'), decision, 'ACTION'));
  results.append(list);
  if (cooperation) {
    results.append(element('h3', null, 'The federal request'));
    const one = element('ul', 'cards');
    one.append(card(words(cooperation.request, 'REQUEST'), cooperation, 'REQUEST'));
    results.append(one);
  }
  heading.tabIndex = -1;
  heading.focus();
}

function card(title, decision, kind) {
  const item = element('li', `card ${outcomeClass(decision.outcome)}`);
  item.dataset.kind = kind === 'ACTION' ? decision.action : decision.request;
  const h = element('h4');
  h.append(element('span', null, title), outcomeBadge(decision.outcome));
  item.append(h, element('p', 'guidance', decision.guidance ?? ''));
  if (decision.visa) item.append(element('p', null, `Visa: ${words(decision.visa, 'VISA')}`));

  if (decision.obligations?.length) {
    item.append(element('h5', null, 'Obligations'));
    const list = element('ul');
    for (const o of decision.obligations) {
      const li = element('li');
      li.append(element('span', 'actor', `${words(o.actor, 'ACTOR')}: `), element('strong', null, words(o.code, 'OBLIGATION')));
      li.append(document.createTextNode(` \u2014 ${o.text ?? ''}`));
      if (o.deadline) li.append(document.createTextNode(` Within ${durationWords(o.deadline)}.`));
      li.append(element('span', 'effect', ` (${o.source} ${o.section})`));
      list.append(li);
    }
    item.append(list);
  }

  if (decision.citations?.length) {
    item.append(element('h5', null, 'Citations'));
    for (const c of decision.citations) {
      const cite = element('div', 'cite');
      const line = element('div');
      line.append(element('strong', null, `${c.source} ${c.section}`), provenanceBadge(c.provenance));
      line.append(element('span', 'effect', ` ${words(c.effect, 'EFFECT').toLowerCase()}, answers ${words(c.outcome, 'OUTCOME').toLowerCase()}; ${words(c.authority, 'AUTHORITY').toLowerCase()}`));
      const quote = element('blockquote', isOfficial(c.provenance) ? null : 'unofficial', c.quote ?? '');
      cite.append(line, quote);
      item.append(cite);
    }
  }

  if (decision.dependsOn?.length) {
    item.append(element('p', null, `Depends on what is not known: ${decision.dependsOn.map((f) => words(f, 'FACT')).join(', ')}.`));
  }

  if (decision.whatIf?.length) {
    item.append(element('h5', null, 'This would change if\u2026'));
    const list = element('ul', 'what-if');
    for (const w of decision.whatIf) {
      const li = element('li');
      const fact = words(w.fact, 'FACT').toLowerCase();
      li.append(document.createTextNode(`${w.becomesTrue ? fact : `not ${fact}`}: `), outcomeBadge(w.outcome));
      list.append(li);
    }
    item.append(list);
  }
  return item;
}

// A jurisdiction's policy page (GET /v1/jurisdictions/{id}/policy): its sources with authority, dates and provenance,
// and every rule in plain words with its clause and quote.
import { api } from './api.js';
import { element, isOfficial, outcomeBadge, provenanceBadge, words } from './words.js';

/** Renders the policy of `id` into `container`. */
export async function showPolicy(container, id) {
  const policy = await api.policy(id);
  const jurisdiction = policy.jurisdiction ?? {};
  container.replaceChildren();
  const heading = element('h3', null, `${jurisdiction.name ?? id} (${jurisdiction.id ?? id})`);
  heading.tabIndex = -1;
  container.append(heading, element('p', 'hint', `From policy revision ${(policy.policyRevision || '').slice(0, 12)}. `
    + 'The rules of every level above the jurisdiction apply too; the strongest authority comes first.'));

  container.append(element('h4', null, 'Sources'));
  const table = element('table');
  const head = element('tr');
  for (const title of ['Source', 'Authority', 'In force from', 'Level', 'Provenance']) {
    const th = element('th', null, title);
    th.scope = 'col';
    head.append(th);
  }
  table.append(element('thead'), element('tbody'));
  table.tHead.append(head);
  for (const s of jurisdiction.sources ?? []) {
    const row = element('tr');
    const name = element('td');
    name.append(element('strong', null, s.title), element('div', 'effect', s.id));
    const provenance = element('td');
    provenance.append(provenanceBadge(s.provenance));
    row.append(
      name,
      element('td', null, words(s.authority, 'AUTHORITY')),
      element('td', null, s.effective ? s.effective.slice(0, 10) : 'Date unknown (taken as always in force)'),
      element('td', null, s.jurisdiction),
      provenance,
    );
    table.tBodies[0].append(row);
  }
  container.append(table);

  const titles = new Map((jurisdiction.sources ?? []).map((s) => [s.id, s.title]));
  let current = null;
  let list = null;
  for (const rule of policy.rules ?? []) {
    if (rule.source !== current) {
      current = rule.source;
      container.append(element('h4', null, `Rules of ${titles.get(current) ?? current}`));
      list = element('ul', 'rules');
      container.append(list);
    }
    list.append(ruleItem(rule));
  }
  heading.focus();
}

function ruleItem(rule) {
  const item = element('li', 'rule');
  item.append(element('p', 'plain', rule.guidance ?? ''));
  const facts = element('dl');
  const add = (term, value) => {
    facts.append(element('dt', null, term));
    const dd = element('dd');
    if (value instanceof Node) dd.append(value); else dd.textContent = value;
    facts.append(dd);
  };
  const clause = element('span');
  clause.append(element('strong', null, `${rule.source} ${rule.section}`), provenanceBadge(rule.provenance));
  add('Clause', clause);
  add('Its words', element('blockquote', isOfficial(rule.provenance) ? null : 'unofficial', rule.quote ?? ''));
  const targets = [
    ...(rule.actions ?? []).map((a) => words(a, 'ACTION')),
    ...(rule.requests ?? []).map((r) => `${words(r, 'REQUEST')} (federal request)`),
  ];
  add('Applies to', targets.join(', '));
  add('When', rule.when ? rule.when.toLowerCase().replaceAll('_', ' ') : 'always');
  add('Answer', rule.outcome ? outcomeBadge(rule.outcome) : 'adds obligations only');
  if (rule.obligations?.length) add('Obligations', rule.obligations.map((o) => words(o, 'OBLIGATION')).join(', '));
  item.append(facts);
  return item;
}

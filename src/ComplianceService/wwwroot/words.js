// Wire names in words, and the badges that carry outcome and provenance (never by colour alone).

/** "FACT_STATUS_IN_QUESTION" -> "Status in question" (prefix dropped, first letter capitalised). */
export function words(name, prefix) {
  if (!name) return '';
  let rest = name.startsWith(`${prefix}_`) ? name.slice(prefix.length + 1) : name;
  rest = rest.toLowerCase().replaceAll('_', ' ');
  for (const [plain, proper] of [[/\bice\b/g, 'ICE'], [/\bcbp\b/g, 'CBP'], [/\bid\b/g, 'ID'], [/\bu\b/g, 'U'], [/\bt\b/g, 'T']]) {
    rest = rest.replace(plain, proper);
  }
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The outcome as a word on a coloured badge. */
export function outcomeBadge(outcome) {
  const span = document.createElement('span');
  const plain = outcome ? outcome.replace(/^OUTCOME_/, '') : 'UNSPECIFIED';
  span.className = `outcome outcome-${plain.toLowerCase().replaceAll('_', '-')}`;
  span.textContent = plain.replaceAll('_', ' ');
  return span;
}

/** The CSS class of an outcome, for a card's edge. */
export function outcomeClass(outcome) {
  return `outcome-${(outcome || '').replace(/^OUTCOME_/, '').toLowerCase().replaceAll('_', '-')}`;
}

const provenanceWords = {
  PROVENANCE_OFFICIAL_TEXT: 'Official text',
  PROVENANCE_NEWS_REPORT: 'News report \u2014 not the law\u2019s own text',
  PROVENANCE_PRESS_STATEMENT: 'Press statement \u2014 not official text',
  PROVENANCE_EDITORIAL: 'Editorial \u2014 not law',
};

/** Whether words of this provenance are the law's own text. */
export function isOfficial(provenance) {
  return provenance === 'PROVENANCE_OFFICIAL_TEXT';
}

/** The provenance as a badge: official text solid, anything else dashed and pale, in words that say what it is. */
export function provenanceBadge(provenance) {
  const span = document.createElement('span');
  span.className = `provenance ${isOfficial(provenance) ? 'official' : 'unofficial'}`;
  span.textContent = provenanceWords[provenance] ?? `${words(provenance, 'PROVENANCE')} \u2014 not official text`;
  return span;
}

/** A protobuf Duration as JSON ("3600s") in words. */
export function durationWords(duration) {
  const seconds = Number.parseFloat(String(duration).replace(/s$/, ''));
  if (!Number.isFinite(seconds)) return String(duration);
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Appends an option (value, visible text) to a select. */
export function option(select, value, text) {
  const node = element('option', null, text);
  node.value = value;
  select.append(node);
}

/** document.createElement with a class and text. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

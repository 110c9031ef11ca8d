// Renders /api/openapi.json as a readable page: operations grouped by tag, with parameters,
// request bodies and responses, schemas shown as compact type outlines. No dependencies.
'use strict';

let spec = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function resolve(node) {
  let seen = 0;
  while (node && node.$ref && seen++ < 20) {
    node = node.$ref.replace(/^#\//, '').split('/').reduce((at, key) => at && at[key], spec);
  }
  return node || {};
}

function refName(node) {
  return node && node.$ref ? node.$ref.split('/').pop() : null;
}

// A schema as an indented outline, e.g. {id: string, tags: [string], assignee: User | null}.
function outline(schema, depth, seen) {
  const name = refName(schema);
  if (name && (depth > 2 || seen.has(name))) return name;
  const next = new Set(seen);
  if (name) next.add(name);
  const s = resolve(schema);
  const pad = '  '.repeat(depth + 1);
  if (s.oneOf || s.anyOf) return (s.oneOf || s.anyOf).map((x) => outline(x, depth, next)).join(' | ');
  let types = Array.isArray(s.type) ? s.type : [s.type || (s.properties ? 'object' : 'any')];
  const nullable = types.includes('null');
  types = types.filter((t) => t !== 'null');
  let text;
  if (s.enum) {
    text = s.enum.map((v) => JSON.stringify(v)).join(' | ');
  } else if (types[0] === 'array') {
    text = '[' + outline(s.items || {}, depth, next) + ']';
  } else if (types[0] === 'object' && s.properties) {
    const required = new Set(s.required || []);
    const lines = Object.entries(s.properties).map(([key, value]) => {
      const d = resolve(value).description;
      return pad + key + (required.has(key) ? '' : '?') + ': ' + outline(value, depth + 1, next) +
        (d && depth < 1 ? '   // ' + d.split('\n')[0] : '');
    });
    text = '{\n' + lines.join(',\n') + '\n' + '  '.repeat(depth) + '}';
  } else {
    text = types.join(' | ') + (s.format ? ' (' + s.format + ')' : '');
  }
  return nullable ? text + ' | null' : text;
}

function schemaBlock(content) {
  if (!content) return null;
  const [type, media] = Object.entries(content)[0];
  return el('div', {}, el('code', {}, type),
    media.schema ? el('div', { class: 'schema' }, outline(media.schema, 0, new Set())) : null);
}

function operation(path, method, op) {
  const id = (op.operationId || method + path).replace(/[^A-Za-z0-9_-]/g, '_');
  const section = el('section', { class: 'op', id, 'data-search': (method + ' ' + path + ' ' +
    (op.summary || '') + ' ' + (op.description || '')).toLowerCase() });
  section.append(el('h3', {}, el('span', { class: 'method ' + method }, method.toUpperCase()),
    el('span', { class: 'path' }, path), op.summary ? ' — ' + op.summary : ''));
  if (op.description) section.append(el('p', { class: 'desc' }, op.description));
  const params = [...(spec.paths[path].parameters || []), ...(op.parameters || [])].map(resolve);
  if (params.length) {
    const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'),
      el('th', {}, 'type'), el('th', {}, 'meaning')));
    for (const p of params) {
      table.append(el('tr', {}, el('td', {}, el('code', {}, p.name + (p.required ? '' : '?'))),
        el('td', {}, p.in), el('td', {}, el('code', {}, outline(p.schema || {}, 0, new Set()))),
        el('td', {}, p.description || '')));
    }
    section.append(el('h4', {}, 'Parameters'), table);
  }
  if (op.requestBody) {
    const body = resolve(op.requestBody);
    section.append(el('h4', {}, 'Request body' + (body.required ? '' : ' (optional)')),
      body.description ? el('p', { class: 'desc' }, body.description) : null,
      schemaBlock(body.content));
  }
  section.append(el('h4', {}, 'Responses'));
  for (const [status, response] of Object.entries(op.responses || {})) {
    const r = resolve(response);
    section.append(el('div', {}, el('strong', {}, status), ' ', r.description || ''),
      schemaBlock(r.content));
  }
  return section;
}

function render() {
  document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
  const content = document.getElementById('content');
  const toc = document.getElementById('toc');
  content.replaceChildren(el('p', { class: 'desc' }, spec.info.description || ''));
  toc.replaceChildren();
  const groups = new Map((spec.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (!item[method]) continue;
      const tag = (item[method].tags || ['Other'])[0];
      if (!groups.has(tag)) groups.set(tag, { tag: { name: tag }, ops: [] });
      groups.get(tag).ops.push([path, method, item[method]]);
    }
  }
  for (const { tag, ops } of groups.values()) {
    if (!ops.length) continue;
    content.append(el('h2', { id: 'tag-' + tag.name }, tag.name));
    if (tag.description) content.append(el('p', { class: 'desc' }, tag.description));
    toc.append(el('h3', {}, tag.name));
    for (const [path, method, op] of ops) {
      const section = operation(path, method, op);
      content.append(section);
      toc.append(el('a', { href: '#' + section.id }, method.toUpperCase() + ' ' + path));
    }
  }
}

function applyFilter() {
  const term = document.getElementById('filter').value.trim().toLowerCase();
  for (const section of document.querySelectorAll('section.op')) {
    section.hidden = term !== '' && !section.dataset.search.includes(term);
  }
}

fetch('/api/openapi.json')
  .then((res) => res.json())
  .then((json) => {
    spec = json;
    render();
    document.getElementById('filter').addEventListener('input', applyFilter);
  })
  .catch((err) => {
    document.getElementById('content').textContent = 'Could not load /api/openapi.json: ' + err;
  });

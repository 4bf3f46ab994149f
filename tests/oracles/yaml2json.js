// Reads YAML texts with the `yaml` package (eemeli/yaml, the YAML 1.2 parser inside the editors'
// YAML language server) and prints what it made of each, so the tests can compare it with the
// loader's own reading.
//
// Batch mode, one process for thousands of texts: every stdin line is a JSON string (one YAML
// text); every stdout line is one JSON object, in the same order:
//   { "documents": n, "errors": [{code, message, line, col}], "warnings": [...], "tree": node }
// where node is {"scalar": source text, "plain": bool, "line", "col"} (the string as written,
// escapes resolved, never converted to a number or boolean), {"mapping": [[key, value], ...]},
// {"sequence": [...]} or {"alias": name}; tags and anchors are kept as "tag"/"anchor".
// With a file name argument it reads that one file instead and prints one such object.
'use strict';
const fs = require('fs');
const readline = require('readline');
const { parseAllDocuments, LineCounter, isScalar, isMap, isSeq, isAlias, isPair } = require('yaml');

function convert(node, lines) {
  if (node === null || node === undefined) {
    return null;
  }
  const at = node.range ? lines.linePos(node.range[0]) : { line: 0, col: 0 };
  const extra = {};
  if (node.tag && !isScalar(node)) extra.tag = node.tag;
  if (node.anchor) extra.anchor = node.anchor;
  if (isAlias(node)) {
    return { alias: node.source, line: at.line, col: at.col };
  }
  if (isScalar(node)) {
    if (node.tag) extra.tag = node.tag;
    return { scalar: String(node.source ?? ''), plain: node.type === 'PLAIN', line: at.line, col: at.col, ...extra };
  }
  if (isMap(node)) {
    return {
      mapping: node.items.map((pair) => [convert(pair.key, lines), convert(pair.value, lines)]),
      ...extra,
    };
  }
  if (isSeq(node)) {
    // A flow sequence item written `a: b` is a single-pair mapping.
    return {
      sequence: node.items.map((item) => (isPair(item) ? { mapping: [[convert(item.key, lines), convert(item.value, lines)]] } : convert(item, lines))),
      ...extra,
    };
  }
  return { unknown: String(node) };
}

function read(text) {
  const lines = new LineCounter();
  let documents;
  try {
    documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    return { documents: 0, errors: [{ code: 'EXCEPTION', message: String(error && error.message), line: 0, col: 0 }], warnings: [], tree: null };
  }
  // parseAllDocuments returns an EmptyStream (an array with `errors`) for a text without documents.
  const list = Array.isArray(documents) ? documents : [documents];
  const where = (e) => {
    const p = e.pos ? lines.linePos(e.pos[0]) : { line: 0, col: 0 };
    return { code: e.code, message: e.message, line: p.line, col: p.col };
  };
  const errors = [];
  const warnings = [];
  for (const doc of list) {
    errors.push(...(doc.errors || []).map(where));
    warnings.push(...(doc.warnings || []).map(where));
  }
  if (!Array.isArray(documents) || documents.errors) {
    errors.push(...(documents.errors || []).map(where));
  }
  return {
    documents: list.length,
    errors,
    warnings,
    directives: list.length > 0 && list[0].directives ? list[0].directives.docStart === true || Boolean(list[0].directives.yaml.explicit) : false,
    tree: list.length > 0 ? convert(list[0].contents, lines) : null,
  };
}

if (process.argv.length > 2) {
  process.stdout.write(JSON.stringify(read(fs.readFileSync(process.argv[2], 'utf8'))) + '\n');
} else {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  const out = [];
  input.on('line', (line) => {
    if (line.length > 0) out.push(JSON.stringify(read(JSON.parse(line))));
  });
  input.on('close', () => process.stdout.write(out.join('\n') + (out.length ? '\n' : '')));
}

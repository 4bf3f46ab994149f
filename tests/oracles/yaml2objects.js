// Reads multi-document YAML files with the `yaml` package (eemeli/yaml) and prints every document
// as the JSON value it stands for, twice: as YAML 1.2 reads it (the core schema of the editors' YAML
// language server and of JavaScript clients) and as YAML 1.1 reads it (the schema of the Go YAML
// reader behind kubectl and client-go, where `on`, `no`, `y`, `0777` and `1_000` are not strings).
// The tests compare both with the objects the Kubernetes C# client reads from the same file: a
// rendered value one reader types or splits differently from another would change what the API
// server is sent.
//
// stdin: one JSON object {"texts": [text, ...]}; stdout: one JSON object
//   {"results": [{"errors": ["..."], "yaml12": [document, ...], "yaml11": [document, ...]}]},
// in the same order. Errors and warnings of either reading are listed (a valid file has none);
// empty documents (a comment alone, `---` twice) are left out, as kubectl and client-go do.
'use strict';
const fs = require('fs');
const { parseAllDocuments } = require('yaml');

function read(text, version) {
  const errors = [];
  const documents = [];
  const parsed = parseAllDocuments(text, { version, strict: true, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(parsed) ? parsed : [];
  for (const e of parsed.errors || []) errors.push(`YAML ${version}: ${e.code}: ${e.message}`);
  for (const doc of list) {
    for (const e of [...doc.errors, ...doc.warnings]) errors.push(`YAML ${version}: ${e.code}: ${e.message}`);
    // Nothing rendered holds an alias: one is reported, not expanded.
    let value;
    try {
      value = doc.toJS({ maxAliasCount: 0 });
    } catch (error) {
      errors.push(`YAML ${version}: ${error && error.message}`);
      continue;
    }
    if (value !== null && value !== undefined) documents.push(value);
  }
  return { errors, documents };
}

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const results = input.texts.map((text) => {
  const yaml12 = read(text, '1.2');
  const yaml11 = read(text, '1.1');
  return { errors: [...yaml12.errors, ...yaml11.errors], yaml12: yaml12.documents, yaml11: yaml11.documents };
});
process.stdout.write(JSON.stringify({ results }) + '\n');

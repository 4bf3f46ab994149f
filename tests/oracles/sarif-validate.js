// Validates SARIF logs against the SARIF 2.1.0 JSON schema with format checks on ("uri",
// "date-time", ...). The schema is the one Microsoft publishes beside its SARIF Multitool
// (@microsoft/sarif-multitool-linux, sarif-2.1.0.json, JSON Schema 2020-12), read with Ajv's 2020
// dialect and ajv-formats, so a relative helpUri or an invalid URI fails here as it would in a
// strict consumer.
// Usage: node sarif-validate.js FILE...   Prints one line per problem; exit 0 when every file is valid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const schemaFile = path.join(__dirname, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
// strict: false because the published schema uses keywords Ajv's strict mode rejects as unknown;
// allErrors so one run names every problem.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(log)) {
    failed++;
    for (const e of validate.errors) {
      console.log(`${file}: ${e.instancePath || '/'} ${e.message}${e.params && e.params.format ? ` (${e.params.format})` : ''}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);

// Validates GitHub REST request bodies against GitHub's published OpenAPI description (the npm
// package @octokit/openapi, generated/api.github.com.json), with ajv. The request-body schema of each
// operation is taken from the description itself, by operationId, and its $refs are resolved by ajv
// against the whole description: nothing is written by hand here.
// Arguments: OPERATION_ID=FILE ... ; prints one JSON object: file -> null (valid) or ajv's errors.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const description = require('@octokit/openapi/generated/api.github.com.json');

// OpenAPI 3.0 adds keywords JSON Schema lacks (example, nullable handled by ajv); strict mode would refuse them.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(description, 'github');

const validators = {};
function validatorOf(operationId) {
  if (validators[operationId]) return validators[operationId];
  for (const [path, operations] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (operation && operation.operationId === operationId) {
        const pointer = '/paths/' + path.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + method + '/requestBody/content/application~1json/schema';
        validators[operationId] = { method: method.toUpperCase(), path, validate: ajv.compile({ $ref: 'github#' + pointer }) };
        return validators[operationId];
      }
    }
  }
  throw new Error(`operation ${operationId} is not in GitHub's OpenAPI description`);
}

const result = { operations: {}, files: {} };
for (const argument of process.argv.slice(2)) {
  const at = argument.indexOf('=');
  const operationId = argument.slice(0, at);
  const file = argument.slice(at + 1);
  const { method, path, validate } = validatorOf(operationId);
  result.operations[operationId] = `${method} ${path}`;
  const ok = validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  result.files[file] = ok ? null : validate.errors;
}
process.stdout.write(JSON.stringify(result));

// Validates Kubernetes objects against the Kubernetes OpenAPI schemas, as compiled into validators by
// the npm package kubernetes-models (tommy351/kubernetes-models-ts): types, required fields, enums
// (a ValidatingAdmissionPolicy's failurePolicy, a binding's validationActions, ...).
//
// Each object is looked up by its own apiVersion and kind (`kubernetes-models/<apiVersion>` exports
// one class per kind): an apiVersion or kind the package has no model for is an error, never a skip,
// since the API server would refuse it too. What the schemas cannot say, kubernetes-models cannot
// check either: the OpenAPI schemas allow unknown fields (the tests catch those with the strict
// KubernetesClient reading).
//
// stdin: one JSON object {"objects": [object, ...]}; stdout: one JSON object
//   {"results": [{"model": "<apiVersion> <kind>" | null, "errors": ["<path>: <message>", ...]}]},
// in the same order; an object is valid when its errors are empty.
'use strict';
const fs = require('fs');

// A group/version as the API server spells it ("v1", "rbac.authorization.k8s.io/v1"); anything else
// is refused before it becomes a module path.
const API_VERSION = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

// One import per group/version, shared by every object of it.
const modules = new Map();
async function groupVersion(apiVersion) {
  if (!modules.has(apiVersion)) {
    // A group/version the package does not export is "no model"; any other failure (the package
    // itself missing or broken) fails the whole run.
    modules.set(apiVersion, import(`kubernetes-models/${apiVersion}`).catch((error) => {
      if (error && error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
      throw error;
    }));
  }
  return modules.get(apiVersion);
}

async function model(object) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    return { error: 'not an object' };
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
    return { error: `apiVersion ${JSON.stringify(apiVersion)}: not a Kubernetes group/version` };
  }
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    return { error: `kind ${JSON.stringify(kind)}: not a Kubernetes kind` };
  }
  const exports = await groupVersion(apiVersion);
  if (exports === null) {
    return { error: `apiVersion ${apiVersion}: kubernetes-models has no such group/version` };
  }
  // The module also exports the nested types (PolicyRule, RoleRef, ...): only a class that declares
  // this very apiVersion and kind is a top-level object.
  const type = Object.prototype.hasOwnProperty.call(exports, kind) ? exports[kind] : undefined;
  if (typeof type !== 'function' || type.apiVersion !== apiVersion || type.kind !== kind) {
    return { error: `kind ${kind}: kubernetes-models has no such kind in ${apiVersion}` };
  }
  return { type };
}

async function validate(object) {
  const found = await model(object);
  if (found.error !== undefined) return { model: null, errors: [found.error] };
  try {
    new found.type(object).validate();
    return { model: `${object.apiVersion} ${object.kind}`, errors: [] };
  } catch (error) {
    const details = Array.isArray(error && error.errors)
      ? error.errors.map((e) => `${e.instancePath || '/'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      : [String(error && error.message)];
    return { model: `${object.apiVersion} ${object.kind}`, errors: details };
  }
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = [];
  for (const object of input.objects) {
    results.push(await validate(object));
  }
  process.stdout.write(JSON.stringify({ results }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack}\n`);
  process.exit(1);
});

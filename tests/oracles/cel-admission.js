// Judges admission requests with a real CEL implementation (@bufbuild/cel, the CEL evaluator for
// ECMAScript), the way the API server runs a ValidatingAdmissionPolicy:
//   1. every match condition must be true, else the policy does not apply ("not-matched");
//   2. variables are evaluated in order and read as `variables.<name>`; one that fails is left out,
//      so an expression reading it fails as the API server's lazy variable would;
//   3. every validation must be true: false is "denied", an evaluation error is "error" (with
//      failurePolicy Fail the API server denies it too, and denies every request that reaches it).
// JSON integers become CEL ints (Kubernetes passes int64), objects become CEL maps, so an absent
// key is absent: reading it is an error unless guarded with has().
//
// stdin: one JSON object {"cases": [{"policy": {matchConditions, variables, validations},
//   "request", "object", "oldObject", "params"}]}; stdout: one JSON object
//   {"results": [{"verdict": "allowed"|"denied"|"error"|"not-matched", "detail": "..."}]}.
// Every expression is also parsed up front: one that does not parse fails the whole run.
'use strict';
const fs = require('fs');
const { celEnv, plan, parse, isCelError } = require('@bufbuild/cel');

// Each expression is parsed and planned once: the same policies judge every case.
const environment = celEnv();
const programs = new Map();
function program(expression) {
  let compiled = programs.get(expression);
  if (compiled === undefined) {
    compiled = plan(environment, parse(expression));
    programs.set(expression, compiled);
  }
  return compiled;
}

function toCel(value) {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

function evaluate(expression, bindings) {
  let result;
  try {
    result = program(expression)(bindings);
  } catch (error) {
    return { error: `threw: ${error && error.message}` };
  }
  if (isCelError(result)) return { error: String(result.message) };
  return { value: result };
}

function judge(testCase) {
  const policy = testCase.policy;
  const bindings = {
    request: toCel(testCase.request),
    object: toCel(testCase.object ?? null),
    oldObject: toCel(testCase.oldObject ?? null),
    params: toCel(testCase.params ?? null),
  };
  for (const condition of policy.matchConditions || []) {
    const r = evaluate(condition.expression, bindings);
    if (r.error !== undefined) return { verdict: 'error', detail: `matchCondition ${condition.name}: ${r.error}` };
    if (r.value !== true) return { verdict: 'not-matched', detail: condition.name };
  }
  const variables = new Map();
  const failed = [];
  for (const variable of policy.variables || []) {
    const r = evaluate(variable.expression, { ...bindings, variables });
    if (r.error !== undefined) {
      failed.push(`${variable.name}: ${r.error}`);
    } else {
      variables.set(variable.name, r.value);
    }
  }
  for (const validation of policy.validations || []) {
    const r = evaluate(validation.expression, { ...bindings, variables });
    if (r.error !== undefined) return { verdict: 'error', detail: `${r.error}${failed.length ? ` (variables: ${failed.join('; ')})` : ''}` };
    if (r.value !== true) return { verdict: 'denied', detail: validation.message };
  }
  return { verdict: 'allowed', detail: failed.length ? `variables failed: ${failed.join('; ')}` : '' };
}

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
for (const testCase of input.cases) {
  const p = testCase.policy;
  for (const e of [...(p.matchConditions || []), ...(p.variables || []), ...(p.validations || [])]) {
    parse(e.expression); // throws (and fails the run) on an expression that does not parse
  }
}
process.stdout.write(JSON.stringify({ results: input.cases.map(judge) }) + '\n');

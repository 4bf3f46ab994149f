#!/usr/bin/env node
// The score of a Stryker.NET mutation-report.json, per file and in all, as docs/mutation-testing.md
// counts it: (killed + timeout) / (killed + timeout + survived + no coverage). Mutants that did not
// compile or were ignored do not count.
//
//   node scripts/mutation-score.js REPORT [--list [PART-OF-PATH]]
//
// --list prints each surviving or uncovered mutant with its line, to write the test that kills it.
'use strict';
const fs = require('fs');

const [report, ...options] = process.argv.slice(2);
if (!report || report.startsWith('--') || (options.length > 0 && options[0] !== '--list') || options.length > 2) {
  console.error('usage: node scripts/mutation-score.js REPORT [--list [PART-OF-PATH]]');
  process.exit(2);
}
const list = options[0] === '--list';
const only = options[1] ?? null;

let parsed;
try {
  parsed = JSON.parse(fs.readFileSync(report, 'utf8'));
} catch (e) {
  console.error(`mutation-score: cannot read ${report}: ${e.message}`);
  process.exit(2);
}

const counted = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0 };
const rows = [];
const shortName = (file) => file.replace(/^.*?\/access\//, 'access/');
for (const file of Object.keys(parsed.files).sort()) {
  const { mutants, source } = parsed.files[file];
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0 };
  for (const m of mutants) {
    if (m.status in c) c[m.status] += 1;
  }
  const tested = counted.reduce((s, k) => s + c[k], 0);
  if (tested === 0) continue;
  for (const k of Object.keys(total)) total[k] += c[k];
  rows.push([shortName(file), c]);
  if (list && (only === null || file.includes(only))) {
    const lines = source.split('\n');
    for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { line, column } = m.location.start;
      console.log(`${shortName(file)}:${line}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify((m.replacement || '').slice(0, 120))}`);
      console.log(`    | ${lines[line - 1].trim().slice(0, 160)}`);
    }
  }
}

const score = (c) => {
  const tested = counted.reduce((s, k) => s + c[k], 0);
  return tested === 0 ? 'n/a' : `${((100 * (c.Killed + c.Timeout)) / tested).toFixed(1)}%`;
};
console.log('| file | killed | timeout | survived | no coverage | score |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, c] of rows) {
  console.log(`| \`${name}\` | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${score(c)} |`);
}
console.log(`| **all** | **${total.Killed}** | **${total.Timeout}** | **${total.Survived}** | **${total.NoCoverage}** | **${score(total)}** |`);
console.log(`(${total.CompileError} mutants did not compile and do not count)`);

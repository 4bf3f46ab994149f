// Reads each HCL file named on the command line with HashiCorp's HCL parser (compiled to
// WebAssembly in @cdktf/hcl2json) and prints one JSON object: file name -> parsed body.
// A file the parser refuses makes the script exit non-zero with the parser's message.
'use strict';
const fs = require('fs');
const { parse } = require('@cdktf/hcl2json');

(async () => {
  const result = {};
  for (const file of process.argv.slice(2)) {
    result[file] = await parse(file, fs.readFileSync(file, 'utf8'));
  }
  process.stdout.write(JSON.stringify(result));
})().catch((error) => {
  process.stderr.write(`hcl2json: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});

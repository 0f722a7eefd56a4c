// The GraphQL over HTTP audits of the graphql-http package against a live
// server: node audit.mjs http://127.0.0.1:8080/graphql. Prints every audit
// that is not ok; exits non-zero on any MUST failure (error) or, with
// --strict, on any SHOULD warning as well.
import { serverAudits } from 'graphql-http';
const url = process.argv[2];
let errors = 0, warnings = 0, ok = 0;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  if (result.status === 'ok') { ok++; continue; }
  console.log(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason}`);
  if (result.status === 'error') errors++; else warnings++;
}
console.log(`graphql-http audit: ${ok} ok, ${warnings} warnings, ${errors} errors`);
const strict = process.argv.includes('--strict');
process.exit(errors || (strict && warnings) ? 1 : 0);

// The contract's report schema, compiled once (JSON Schema 2020-12 with formats).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { REPO } from './harness.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO, 'schema', 'report.schema.json'), 'utf8')));

/** Throws with ajv's explanation when the document does not follow report.schema.json. */
export function assertValidReport(doc: unknown): void {
  if (!validate(doc)) throw new Error(`report does not match report.schema.json: ${ajv.errorsText(validate.errors)}`);
}

// Compiles the fleet schema into lib/config/fleet-validate.js at build time (ajv standalone), so the CLI
// does not compile it on every start.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const standalone = require('ajv/dist/standalone').default;
const { FLEET_SCHEMA, FLEET_SCHEMA_OPTIONS } = require('../lib/config/schema.js');

const ajv = new Ajv({ ...FLEET_SCHEMA_OPTIONS, code: { source: true } });
writeFileSync(new URL('../lib/config/fleet-validate.js', import.meta.url), standalone(ajv, ajv.compile(FLEET_SCHEMA)));

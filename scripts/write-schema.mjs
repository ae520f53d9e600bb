// Writes schema/workers.schema.json from the compiled schema, the single source of truth.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { FLEET_SCHEMA } = require('../lib/config/schema.js');
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/workers.schema.json', import.meta.url), `${JSON.stringify(FLEET_SCHEMA, null, 2)}\n`);

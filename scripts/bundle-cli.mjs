// Bundles the command line (lib/cli/main.js and everything it requires of ours, with js-yaml) into one file,
// lib/cli/cdk8s-workers.js, which lib/cli/bin.js runs. Node.js then starts the CLI from one file instead of
// resolving, reading and wrapping some 120 modules, which is most of a cold start. Packages needed only on rarer paths stay outside the bundle and are
// required from node_modules when used: cdk8s, cdk8s-plus-28 and constructs (the constructs and the
// state-machine dialect), yaml (locating an error in the config), ajv (compiling the schema when no compiled
// validator was built).
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

buildSync({
  entryPoints: [fileURLToPath(new URL('../lib/cli/main.js', import.meta.url))],
  outfile: fileURLToPath(new URL('../lib/cli/cdk8s-workers.js', import.meta.url)),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['cdk8s', 'cdk8s-plus-28', 'constructs', 'yaml', 'ajv'],
  logLevel: 'warning',
});

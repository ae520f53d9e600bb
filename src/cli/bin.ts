#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import { runWithCompileCache } from './compile-cache';

// Synth streams: each pool's objects are garbage once written. With V8's default young generation (16 MB)
// much of it is promoted before it dies, and the old generation grows with the fleet (a 100 000-pool
// per-resource synth peaked at 1.6 GB); twice that size keeps it young (the same synth: 0.35 GB at 30 000
// pools instead of 0.56 GB, and a third faster). Set first: V8's cached code is checked against the flags.
setFlagsFromString('--max-semi-space-size=32');

/** The command line bundled into one file at build time (scripts/bundle-cli.mjs); from source, its modules. */
const BUNDLE = path.join(__dirname, 'cdk8s-workers.js');

if (fs.existsSync(BUNDLE)) runWithCompileCache(BUNDLE);
else require('./main');

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli, CliResult } from './cli';
import { tempDir } from './files';
import { assertValidManifests } from './strict-schema';

/** What a dialect's tests need: synth a file, render and check it, write configs to a temporary directory. */
export interface DialectHarness {
  /** `synth --dialect D --config FILE --stdout` with these flags. */
  synth(file: string, ...flags: string[]): CliResult;
  /** Synthesizes, expects exit 0, checks every object strictly and against the restricted profile, returns them. */
  render(file: string, ...flags: string[]): any[];
  /** Writes a config into the harness's directory and returns its path. */
  config(text: string): string;
  /** `synth` with the harness's --name and --command. */
  synthJob(file: string, ...flags: string[]): CliResult;
  /** `render` with the harness's --name and --command, expecting exactly one Job, which it returns. */
  renderJob(file: string, ...flags: string[]): any;
}

/** A harness for a dialect; `job` gives the --name and --command of formats that describe one Job. */
export function dialectHarness(dialect: string, job: { name: string; command: string } = { name: 'job-1', command: 'run' }): DialectHarness {
  const dir = tempDir(`${dialect}-dialect-`);
  let files = 0;
  const jobFlags = ['--name', job.name, '--command', job.command];
  const synth = (file: string, ...flags: string[]) => cli('synth', '--dialect', dialect, '--config', file, '--stdout', ...flags);
  const render = (file: string, ...flags: string[]) => {
    const result = synth(file, ...flags);
    assert.equal(result.code, 0, result.stderr);
    const manifests = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
    assertValidManifests(manifests);
    return manifests;
  };
  return {
    synth,
    render,
    synthJob: (file, ...flags) => synth(file, ...jobFlags, ...flags),
    renderJob(file, ...flags) {
      const manifests = render(file, ...jobFlags, ...flags);
      assert.deepEqual(manifests.map((manifest) => manifest.kind), ['Job']);
      return manifests[0];
    },
    config(text) {
      const file = path.join(dir, `config-${++files}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

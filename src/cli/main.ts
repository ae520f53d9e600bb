import { runCli } from './run';
import { finalExitCode, ProcessStreams } from './streams';

const streams = new ProcessStreams();
process.exitCode = finalExitCode(runCli(process.argv.slice(2), streams), streams);

/** The file in an output directory that lists what the last synth wrote there. */
export const OWNERSHIP_FILE = '.cdk8s-workers';

/** Present while a synth moves its staged files into place; the next synth completes what it records. */
export const JOURNAL_FILE = '.cdk8s-workers.journal';

/**
 * Where a synth writes its files before they replace the old ones. Staged files are named by number, without
 * an extension, so that `kubectl apply -R -f DIR` (which reads only .json, .yaml and .yml files) skips them.
 */
export const STAGING_DIR = '.cdk8s-workers.staging';

/** The lock file a synth holds in its output directory while it writes there. */
export const LOCK_FILE = '.cdk8s-workers.lock';

/** Taken for the instant it takes to remove a dead holder's lock, so that two runs never both take over. */
export const TAKEOVER_FILE = '.cdk8s-workers.lock-takeover';

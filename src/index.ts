// The public API of cdk8s-workers, chosen on purpose: the constructs with their props and value types, the
// fleet config (schema, loading, checking) and the synth functions. Everything else is internal and may change.

// Constructs, their props and defaults.
export * from './constructs/workload-props';
export * from './constructs/workload';
export * from './constructs/worker-job';
export * from './constructs/worker-cron-job';
export * from './constructs/follow-deployment';
export * from './constructs/serve-deployment';
export * from './constructs/disruption-budget';
export * from './constructs/serve-ingress';
export * from './constructs/serve-network-policy';
export * from './constructs/queue-scaler';
export * from './constructs/scaled-job';
export { scaledObjectName, triggerAuthenticationName } from './checks/keda-names';
export { kedaObjectNames, KedaObjectName, KEDA_VERSION, KEDA_SCALER_TYPES } from './checks/keda';
export * from './constructs/worker-pool';
export * from './constructs/worker-fleet';
export * from './constructs/state-machine';
export * from './constructs/plain-api-object';

// Value types the props use, and the pure builders of the objects beside the workloads.
export * from './build/deployment-strategy';
export * from './build/pdb';
export * from './build/ingress';
export * from './build/network-policy';
export * from './build/cron-job';
export { KubeObject, ObjectMetadata } from './build/object';
export * from './pod/pod-props';
export { Component, NAME_LABEL, COMPONENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY, selectorLabels } from './pod/labels';
export { Plain } from './pod/plain';
export * as keda from './imports/keda.sh';
export * as stateMachine from './imports/state-machine.converged-computing.org';

// The fleet config: its JSON Schema, loading a file, checking a fleet built in code, and the errors they raise.
export { FLEET_SCHEMA } from './config/schema';
export { loadFleetConfig, checkFleetConfig } from './config/load';
export { writeStarterConfig, starterConfig, StarterConfigOptions, SCHEMA_FILE } from './config/starter';
export { InputError, Problem, SourcePosition, formatProblem } from './config/errors';

// Synth: a fleet into manifests, YAML and an output directory.
export { WorkerFleetChart, renderFleet, Manifest } from './synth/render';
export { synthFleet, writeManifests, writeManifestStream, manifestsAsYaml, OutputOptions, ManifestsReport } from './synth/synth';
export { fleetManifests, fleetNamespaces } from './build/fleet';
export { Layout, LAYOUTS } from './synth/layout';

// The restricted Pod Security profile, as the checks apply it.
export { checkRestrictedPodSecurity, PodSecurityViolation } from './security/restricted';

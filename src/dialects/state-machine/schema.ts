// `import = require` gives the JSON itself, under tsc and tsx alike (no namespace object with a `default`).
import schemaJson = require('./statemachine.schema.json');

/** The group/version of the StateMachine custom resource. */
export const STATE_MACHINE_API_VERSION = 'state-machine.converged-computing.org/v1alpha1';
/** The kind of the StateMachine custom resource. */
export const STATE_MACHINE_KIND = 'StateMachine';

/** A node of the StateMachine CRD's schema, as far as defaulting needs it. */
export interface SchemaNode {
  readonly type?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly required?: readonly string[];
}

/**
 * The CRD's openAPIV3Schema, closed against unknown fields (see scripts/extract-state-machine-schema.mjs).
 * Regenerate with `node scripts/extract-state-machine-schema.mjs` when the CRD changes.
 */
export const STATE_MACHINE_SCHEMA: SchemaNode & Record<string, unknown> = schemaJson as unknown as SchemaNode & Record<string, unknown>;

/** The schema of `spec`. */
export const STATE_MACHINE_SPEC_SCHEMA: SchemaNode = STATE_MACHINE_SCHEMA.properties!.spec;

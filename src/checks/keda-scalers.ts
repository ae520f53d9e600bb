import * as table from './keda-scalers.json';

/** A parameter KEDA's parser requires: any one of these metadata keys or auth parameters supplies it. */
export interface RequiredParameter {
  readonly param: string;
  readonly metadata: readonly string[];
  readonly auth: readonly string[];
}

/** The values a parameter takes, and where it is read from. */
export interface ParameterEnum {
  readonly values: readonly string[];
  /** Splits a list value. @default ',' when the parameter is a list */
  readonly separator?: string;
  /** At most one of these may appear in the list. */
  readonly exclusive?: readonly string[];
  readonly metadata: readonly string[];
  readonly auth: readonly string[];
}

/** What one KEDA scaler accepts, as generated from KEDA's source by scripts/generate-keda-scalers.mjs. */
export interface ScalerSpec {
  /** Metadata keys it reads. */
  readonly metadata: readonly string[];
  /** Metadata keys whose value names an env var of the target container, and the parameter they fill. */
  readonly fromEnv: Readonly<Record<string, string>>;
  /** TriggerAuthentication parameter names it reads. */
  readonly auth: readonly string[];
  readonly required: readonly RequiredParameter[];
  readonly enums: Readonly<Record<string, ParameterEnum>>;
  readonly defaults: Readonly<Record<string, string>>;
  /** Metadata keys KEDA refuses, with its message. */
  readonly errorKeys: Readonly<Record<string, string>>;
  readonly announcedKeys: readonly string[];
  /** The metricTypes it accepts; absent when it sets its own and ignores the trigger's. */
  readonly metricTypes?: readonly string[];
  readonly metricTypeIgnored?: boolean;
  readonly metricTypeRequired?: boolean;
  /** KEDA passes unknown metadata on (external scalers) or reads keys the table cannot list. */
  readonly openMetadata?: boolean;
}

/** The KEDA release the trigger checks follow. */
export const KEDA_VERSION: string = table.kedaVersion;

/** Every trigger type of that release, sorted. */
export const KEDA_SCALER_TYPES: readonly string[] = Object.keys(table.scalers).sort();

const SCALERS = table.scalers as unknown as Readonly<Record<string, ScalerSpec>>;

/** What the scaler of a trigger type accepts; undefined for a type KEDA does not have. */
export function scalerSpec(type: string): ScalerSpec | undefined {
  return Object.prototype.hasOwnProperty.call(SCALERS, type) ? SCALERS[type] : undefined;
}

/** A scaler's keys as sets and maps: own entries only, so `constructor` or `toString` is a key like any other. */
export interface ScalerKeys {
  readonly metadata: ReadonlySet<string>;
  readonly auth: ReadonlySet<string>;
  /** KEDA's message for each metadata key it refuses. */
  readonly refused: ReadonlyMap<string, string>;
  /** Metadata keys whose value names an env var of the target container. */
  readonly fromEnv: ReadonlySet<string>;
}

const KEYS_OF = new Map<ScalerSpec, ScalerKeys>();

/** The keys of a scaler, made once for each scaler. */
export function scalerKeys(spec: ScalerSpec): ScalerKeys {
  let keys = KEYS_OF.get(spec);
  if (keys === undefined) {
    keys = {
      metadata: new Set(spec.metadata),
      auth: new Set(spec.auth),
      refused: new Map(Object.entries(spec.errorKeys)),
      fromEnv: new Set(Object.keys(spec.fromEnv)),
    };
    KEYS_OF.set(spec, keys);
  }
  return keys;
}

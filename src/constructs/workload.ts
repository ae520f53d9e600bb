import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { checkCredentials } from '../checks/credentials-walk';
import { checkComponentProps } from '../checks/pod-options';
import { problemsOf, Report } from '../checks/report';
import { describeValue } from '../config/errors';
import { dns1035LabelProblem, dnsLabelProblem } from '../config/names';
import { componentMetadata } from '../build/metadata';
import { Component, selectorLabels } from '../pod/labels';
import { ContainerProps, EnvValue, MountProps, PodProps, VolumeSourceProps } from '../pod/pod-props';
import { resolveTokens } from './tokens';
import { WorkloadProps } from './workload-props';

export type { MainContainerOptions } from '../build/deployment';

/** How a mount of the main container reads its volume. */
export interface MountOptions {
  /** Mount only this relative path inside the volume. @default - the volume's root */
  readonly subPath?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** What the mutators added, kept apart from the props until synth. */
interface Additions {
  readonly sidecars: ContainerProps[];
  readonly initContainers: ContainerProps[];
  readonly volumes: Record<string, VolumeSourceProps>;
  readonly mounts: Record<string, string | MountProps>;
  readonly env: Record<string, EnvValue>;
  readonly secretEnv: Record<string, string>;
  readonly downwardEnv: Record<string, string>;
  readonly tolerations: k8s.Toleration[];
}

/**
 * What the worker Job, follow and serve Deployments share: props turned into objects at synth, mutators in
 * the cdk8s-plus manner until then, the shared checks at synth, and the kplus selector and peer interfaces
 * so that a kplus NetworkPolicy can name the pods.
 */
export abstract class Workload<P extends WorkloadProps = WorkloadProps> extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The main object (Job, Deployment), for escape hatches. */
  public abstract readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;
  /** The pool whose `app.kubernetes.io/name` label the pods carry. */
  public readonly poolName: string;
  private readonly given: P;
  /** What the mutators added; made by the first of them, so that a fleet of thousands never mutated holds none. */
  private additions?: Additions;

  protected constructor(scope: Construct, id: string, props: P, private readonly component: Component, name: string) {
    super(scope, id);
    this.given = props;
    this.name = name;
    this.poolName = props.poolName;
    this.node.addValidation({ validate: () => this.problems() });
  }

  private get added(): Additions {
    return this.additions ??= { sidecars: [], initContainers: [], volumes: {}, mounts: {}, env: {}, secretEnv: {}, downwardEnv: {}, tolerations: [] };
  }

  /** Adds a container beside the main one for the pod's whole life: a native sidecar (an init container with `restartPolicy: Always`), so it never keeps a Job from completing. */
  public addSidecar(container: ContainerProps): void {
    this.added.sidecars.push(container);
  }

  /** Adds a container to the pod. Every container beside the main one is a native sidecar: see `addSidecar`. */
  public addContainer(container: ContainerProps): void {
    this.addSidecar(container);
  }

  /** Adds a container that runs to completion, after the init containers added before it, before the others start. */
  public addInitContainer(container: ContainerProps): void {
    this.added.initContainers.push(container);
  }

  /**
   * Adds a pod volume: a name and its source in Kubernetes' shape, or a kplus Volume
   * (`Volume.fromConfigMap`, `Volume.fromSecret`, `Volume.fromEmptyDir`, …).
   */
  public addVolume(volume: kplus.Volume): void;
  public addVolume(name: string, source: VolumeSourceProps): void;
  public addVolume(nameOrVolume: string | kplus.Volume, source?: VolumeSourceProps): void {
    const [name, volumeSource] = typeof nameOrVolume === 'string' ? [nameOrVolume, source!] : volumeOfKplus(nameOrVolume);
    if (name in this.added.volumes || Object.hasOwn(this.given.volumes ?? {}, name)) {
      throw new Error(`${this.node.path}: volume ${JSON.stringify(name)} is already added, expected each volume name once in a pod`);
    }
    this.added.volumes[name] = volumeSource;
  }

  /** Mounts a volume in the main container at `path`; a kplus Volume not added yet is added. */
  public mount(path: string, volume: string | kplus.Volume, options: MountOptions = {}): void {
    const volumeName = typeof volume === 'string' ? volume : volume.name;
    if (typeof volume !== 'string' && !(volumeName in this.added.volumes)) this.addVolume(volume);
    if (path in this.added.mounts || Object.hasOwn(this.given.mounts ?? {}, path)) {
      throw new Error(`${this.node.path}: something is already mounted at ${JSON.stringify(path)} in the main container, expected each mount path once`);
    }
    this.added.mounts[path] = options.subPath === undefined && options.readOnly === undefined ? volumeName : { volume: volumeName, ...options };
  }

  /**
   * Sets an environment variable of the main container: a plain value, `{ valueFrom: … }` in Kubernetes'
   * shape, or a kplus EnvValue (`EnvValue.fromSecretValue`, `fromConfigMap`, `fromFieldRef`, `fromValue`).
   */
  public addEnv(name: string, value: EnvValue | kplus.EnvValue): void {
    const given = [this.given.env, this.given.secretEnv, this.given.downwardEnv, this.added.env, this.added.secretEnv, this.added.downwardEnv];
    if (given.some((map) => map !== undefined && Object.hasOwn(map, name))) {
      throw new Error(`${this.node.path}: the environment variable ${name} is already set, expected each name once (the API server refuses a name twice in one container)`);
    }
    if (!(value instanceof kplus.EnvValue)) {
      this.added.env[name] = value;
      return;
    }
    const source = value.valueFrom === undefined ? undefined : toJsonEnvSource(value.valueFrom);
    if (source === undefined) this.added.env[name] = value.value;
    else if (source.secretKeyRef && source.secretKeyRef.optional === undefined) this.added.secretEnv[name] = `${source.secretKeyRef.name}:${source.secretKeyRef.key}`;
    else if (source.fieldRef && source.fieldRef.apiVersion === undefined) this.added.downwardEnv[name] = source.fieldRef.fieldPath;
    else this.added.env[name] = { valueFrom: source };
  }

  /** Lets the pods run on nodes with a matching taint. */
  public addToleration(toleration: k8s.Toleration): void {
    this.added.tolerations.push({ ...toleration });
  }

  /** The pods' selector, for a kplus NetworkPolicy, Service or anything else that selects pods. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    const namespace = this.apiObject.metadata.namespace;
    return {
      labelSelector: kplus.LabelSelector.of({ labels: selectorLabels(this.poolName, this.component) }),
      namespaces: namespace === undefined ? undefined : { names: [namespace] },
    };
  }

  /** The pods as a peer of a kplus NetworkPolicy rule. */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  public toPodSelector(): kplus.IPodSelector {
    return this;
  }

  /** The props the objects are built from at synth: the given props with what the mutators added, tokens resolved. */
  protected renderedProps(): P {
    return resolveTokens(this.additions ? withAdditions(this.given, this.additions) : this.given);
  }

  /** Problems of the component's own options beside the pod's (a Job's exit codes, a serve probe's port). */
  protected optionProblems(_props: P, _report: Report): void {}

  /** Whether the object's name must be a DNS-1035 label (a Service's) rather than a DNS-1123 label. */
  protected nameIsDns1035(): boolean {
    return false;
  }

  /** Every problem of the rendered props: the checks the config path runs, at paths in the props. */
  private problems(): string[] {
    const props = this.renderedProps();
    return problemsOf((report) => {
      this.checkName(props, report);
      const serve = this.component === 'serve';
      const container = { containerName: serve ? 'serve' : 'worker', portNames: serve ? ['http'] : undefined, selectorLabels: componentMetadata(props.poolName, this.component, {}).labels };
      checkComponentProps(props, report, container, serve ? props : undefined);
      this.optionProblems(props, report);
      checkCredentials(props, report);
    });
  }

  private checkName(props: P, report: Report): void {
    const problem = this.nameIsDns1035() ? dns1035LabelProblem(this.name) : dnsLabelProblem(this.name);
    if (!problem) return;
    const kind = this.nameIsDns1035() ? ' (the API server refuses it as a Service name)' : '';
    if (props.name !== undefined) report(['name'], `received ${describeValue(props.name)}, ${problem}${kind}`);
    else report(['poolName'], `received ${describeValue(props.poolName)}, which makes the name ${JSON.stringify(this.name)}: ${problem}${kind}`);
  }
}

function withAdditions<P extends PodProps>(props: P, added: Additions): P {
  const list = <T>(given: readonly T[] | undefined, more: T[]) => (more.length ? [...(given ?? []), ...more] : given);
  const map = <T>(given: Readonly<Record<string, T>> | undefined, more: Record<string, T>) => (Object.keys(more).length ? { ...given, ...more } : given);
  return {
    ...props,
    sidecars: list(props.sidecars, added.sidecars),
    initContainers: list(props.initContainers, added.initContainers),
    tolerations: list(props.tolerations, added.tolerations),
    volumes: map(props.volumes, added.volumes),
    mounts: map(props.mounts, added.mounts),
    env: map(props.env, added.env),
    secretEnv: map(props.secretEnv, added.secretEnv),
    downwardEnv: map(props.downwardEnv, added.downwardEnv),
  };
}

/** A kplus Volume as a name and its source in Kubernetes' JSON shape, the shape `volumes` takes. */
function volumeOfKplus(volume: kplus.Volume): [string, VolumeSourceProps] {
  const { name, ...source } = k8s.toJson_Volume(volume._toKube()) as { name: string } & VolumeSourceProps;
  return [name, source];
}

function toJsonEnvSource(source: k8s.EnvVarSource): Record<string, any> {
  return k8s.toJson_EnvVarSource(source) as Record<string, any>;
}

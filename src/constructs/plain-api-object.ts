import { ApiObject, ApiObjectMetadata, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { canonicalManifest, NOT_PLAIN } from '../build/planned-object';

/** What a PlainApiObject is made of: the object's identity now, its spec at synth. */
export interface PlainApiObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: ApiObjectMetadata;
  /**
   * Builds the spec at synth, so that what the construct learns after construction (mutators, tokens)
   * is in it. @default - no spec
   */
  readonly spec?: () => unknown;
}

/**
 * An ApiObject whose body is built at synth, usually as plain JSON. Plain JSON holds nothing to resolve
 * with only cdk8s's own resolvers in the App, so synthesis then skips the per-value token walk; a body
 * that holds anything else (a `Lazy`, an object with `resolve()`, any class instance), custom resolvers
 * and JSON patches take the ordinary cdk8s path.
 */
export class PlainApiObject extends ApiObject {
  private readonly identity: Omit<PlainApiObjectProps, 'spec'>;
  private readonly buildSpec?: () => unknown;
  /**
   * Labels and annotations with a key named `constructor` (a valid key), which cdk8s's sanitizer cannot
   * render: they stay out of cdk8s's metadata until the ordinary path needs them.
   */
  private readonly userMaps: { labels?: Record<string, string>; annotations?: Record<string, string> };
  private patched = false;

  constructor(scope: Construct, id: string, props: PlainApiObjectProps) {
    const labels = withConstructorKey(props.metadata?.labels);
    const annotations = withConstructorKey(props.metadata?.annotations);
    const heldAside = { ...(labels && { labels: undefined }), ...(annotations && { annotations: undefined }) };
    const { spec: buildSpec, ...identity } = props;
    const metadata = labels || annotations ? { ...props.metadata, ...heldAside } : props.metadata;
    super(scope, id, { ...identity, metadata });
    this.identity = identity;
    this.buildSpec = buildSpec;
    this.userMaps = { labels, annotations };
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    if (!this.patched && hasOnlyBuiltInResolvers(App.of(this))) {
      const fast = this.plainJson();
      if (fast !== NOT_PLAIN) return fast;
    }
    this.moveUserMapsIntoMetadata();
    return this.ordinaryJson();
  }

  /** cdk8s's own path, every value walked by the App's resolvers, with the spec built now. */
  private ordinaryJson(): any {
    if (!this.buildSpec) return super.toJson();
    const body = this as unknown as { props: Record<string, unknown> };
    const given = body.props;
    body.props = { ...given, spec: this.buildSpec() };
    try {
      return super.toJson();
    } finally {
      body.props = given;
    }
  }

  /** The object without cdk8s's resolve walk, or NOT_PLAIN when something in it needs that walk. */
  private plainJson(): unknown {
    const cdk8sMetadata = this.metadata.toJson() as Record<string, Record<string, string> | undefined>;
    const metadata = { ...cdk8sMetadata, labels: mergedMap(this.userMaps.labels, cdk8sMetadata.labels), annotations: mergedMap(this.userMaps.annotations, cdk8sMetadata.annotations) };
    return canonicalManifest({ apiVersion: this.identity.apiVersion, kind: this.identity.kind, metadata, spec: this.buildSpec?.() });
  }

  private moveUserMapsIntoMetadata(): void {
    for (const [key, value] of Object.entries(this.userMaps.labels ?? {})) this.metadata.addLabel(key, value);
    for (const [key, value] of Object.entries(this.userMaps.annotations ?? {})) this.metadata.addAnnotation(key, value);
    this.userMaps.labels = this.userMaps.annotations = undefined;
  }
}

function withConstructorKey(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.hasOwn(map, 'constructor') ? map : undefined;
}

/** The construction-time map with what was added through cdk8s since; undefined when empty, as cdk8s leaves it out. */
function mergedMap(given: Readonly<Record<string, string>> | undefined, added: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  const merged = { ...given, ...added };
  return Object.keys(merged).length ? merged : undefined;
}

function hasOnlyBuiltInResolvers(app: App): boolean {
  return app.resolvers.every((resolver) =>
    resolver instanceof LazyResolver || resolver instanceof ImplicitTokenResolver || resolver instanceof NumberStringUnionResolver);
}

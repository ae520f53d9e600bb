import { ApiObject, ApiObjectProps, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * An ApiObject whose body is plain JSON, as every construct of this library builds it. With only
 * cdk8s's own resolvers in the App there is nothing in such a body to resolve, so synthesis skips
 * the per-value token walk; custom resolvers and JSON patches take the ordinary cdk8s path.
 */
export class PlainApiObject extends ApiObject {
  private readonly body: ApiObjectProps;
  /**
   * Labels and annotations with a key named `constructor` (a valid key), which cdk8s's sanitizer cannot
   * render: they stay out of cdk8s's metadata until the ordinary path needs them.
   */
  private readonly userMaps: { labels?: Record<string, string>; annotations?: Record<string, string> };
  private patched = false;

  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    const labels = withConstructorKey(props.metadata?.labels);
    const annotations = withConstructorKey(props.metadata?.annotations);
    const heldAside = { ...(labels && { labels: undefined }), ...(annotations && { annotations: undefined }) };
    super(scope, id, labels || annotations ? { ...props, metadata: { ...props.metadata, ...heldAside } } : props);
    this.body = props;
    this.userMaps = { labels, annotations };
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    if (this.patched || !hasOnlyBuiltInResolvers(App.of(this))) {
      this.moveUserMapsIntoMetadata();
      return super.toJson();
    }
    const cdk8sMetadata = this.metadata.toJson() as Record<string, Record<string, string> | undefined>;
    const metadata = { ...cdk8sMetadata, labels: mergedMap(this.userMaps.labels, cdk8sMetadata.labels), annotations: mergedMap(this.userMaps.annotations, cdk8sMetadata.annotations) };
    const { apiVersion, kind, metadata: sortedMetadata, ...rest } = sortedJson({ ...this.body, metadata }) as Record<string, unknown>;
    return { apiVersion, kind, metadata: sortedMetadata, ...rest };
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

/** What cdk8s's sanitizer makes of plain JSON: keys sorted, null and undefined values left out. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.keys(value).sort().map((key) => [key, sortedJson((value as Record<string, unknown>)[key])] as const);
  // fromEntries defines own properties: a key named __proto__ stays a key.
  return Object.fromEntries(entries.filter(([, item]) => item !== null && item !== undefined));
}

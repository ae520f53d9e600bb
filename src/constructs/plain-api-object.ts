import { ApiObject, ApiObjectProps, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * An ApiObject whose body is plain JSON, as every construct of this library builds it. With only
 * cdk8s's own resolvers in the App there is nothing in such a body to resolve, so synthesis skips
 * the per-value token walk; custom resolvers and JSON patches take the ordinary cdk8s path.
 */
export class PlainApiObject extends ApiObject {
  private readonly body: ApiObjectProps;
  private patched = false;

  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
    this.body = props;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    if (this.patched || !hasOnlyBuiltInResolvers(App.of(this))) return super.toJson();
    const { apiVersion, kind, metadata, ...rest } = sortedJson({ ...this.body, metadata: this.metadata.toJson() }) as Record<string, unknown>;
    return { apiVersion, kind, metadata, ...rest };
  }
}

function hasOnlyBuiltInResolvers(app: App): boolean {
  return app.resolvers.every((resolver) =>
    resolver instanceof LazyResolver || resolver instanceof ImplicitTokenResolver || resolver instanceof NumberStringUnionResolver);
}

/** What cdk8s's sanitizer makes of plain JSON: keys sorted, null and undefined values left out. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = sortedJson((value as Record<string, unknown>)[key]);
    if (item !== null && item !== undefined) sorted[key] = item;
  }
  return sorted;
}

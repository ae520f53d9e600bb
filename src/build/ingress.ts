import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Plain } from '../pod/plain';
import { KubeObject, mergedMaps, ObjectMetadata, objectMeta } from './object';

/** How an Ingress path matches a request path. */
export type IngressPathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

/** Every path type, as the API server lists them. */
export const INGRESS_PATH_TYPES: readonly IngressPathType[] = ['Exact', 'ImplementationSpecific', 'Prefix'];

/** One path routed to the serve Service. */
export interface IngressPathProps {
  /** @default '/' */
  readonly path?: string;
  /** @default 'Prefix' */
  readonly pathType?: IngressPathType;
}

/** A TLS Secret and the hosts its certificate covers. */
export interface IngressTlsProps {
  /** The `kubernetes.io/tls` Secret holding the certificate and key. */
  readonly secretName: string;
  /** Hosts the certificate covers. @default - every host of the Ingress */
  readonly hosts?: readonly string[];
}

/** An Ingress in front of the serve Service. */
export interface ServeIngressOptions {
  /** The one host routed. Exclusive with hosts. @default - none: every host */
  readonly host?: string;
  /** The hosts routed, each with every path. Exclusive with host. @default - none: every host */
  readonly hosts?: readonly string[];
  /** The paths routed to the Service. @default - `/` as a Prefix */
  readonly paths?: readonly IngressPathProps[];
  /** TLS Secrets. @default - none: plain HTTP */
  readonly tls?: readonly IngressTlsProps[];
  /** The IngressClass that implements the Ingress. @default - the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /** Annotations of the Ingress only: the controller's settings, cert-manager's issuer. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The Service port an Ingress routes to. */
export interface IngressBackend {
  readonly serviceName: string;
  readonly portName: string;
}

/** The hosts an Ingress routes, from `host` or `hosts`. */
export function ingressHosts(options: ServeIngressOptions): readonly string[] {
  return options.hosts ?? (options.host === undefined ? [] : [options.host]);
}

/** A networking.k8s.io/v1 Ingress that routes every host and path to one Service port. */
export function buildIngress(metadata: ObjectMetadata, backend: IngressBackend, options: ServeIngressOptions): KubeObject<Plain<k8s.IngressSpec>> {
  const hosts = ingressHosts(options);
  const paths = (options.paths?.length ? options.paths : [{}]).map((path) => ({
    backend: { service: { name: backend.serviceName, port: { name: backend.portName } } },
    path: path.path ?? '/',
    pathType: path.pathType ?? 'Prefix',
  }));
  const rules = (hosts.length ? hosts : [undefined]).map((host) => ({ host, http: { paths } }));
  const tls = options.tls?.map((entry) => {
    const tlsHosts = entry.hosts ?? hosts;
    return { hosts: tlsHosts.length ? [...tlsHosts] : undefined, secretName: entry.secretName };
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta({ ...metadata, annotations: mergedMaps(metadata.annotations, options.annotations) }),
    spec: { ingressClassName: options.ingressClassName, rules, tls: tls?.length ? tls : undefined },
  };
}

/** A command run inside the container; exit status 0 is success. */
export interface ExecActionProps {
  /** The command and its arguments, run without a shell. */
  readonly command: readonly string[];
}

/** One header of an HTTP probe. */
export interface HttpHeaderProps {
  readonly name: string;
  readonly value: string;
}

/** An HTTP GET; any status from 200 to 399 is success. */
export interface HttpGetActionProps {
  /** @default '/' */
  readonly path?: string;
  /** Port number or the name of a container port. */
  readonly port: number | string;
  /** @default - the pod IP */
  readonly host?: string;
  /** @default 'HTTP' */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /** @default - none */
  readonly httpHeaders?: readonly HttpHeaderProps[];
}

/** A TCP connect; an open port is success. */
export interface TcpSocketActionProps {
  /** Port number or the name of a container port. */
  readonly port: number | string;
  /** @default - the pod IP */
  readonly host?: string;
}

/** A gRPC health check (grpc.health.v1). */
export interface GrpcActionProps {
  /** Port number (a name is not accepted by the API). */
  readonly port: number;
  /** Service name sent in the HealthCheckRequest. @default '' */
  readonly service?: string;
}

/**
 * A startup, readiness or liveness probe in Kubernetes' shape: exactly one handler
 * (`exec`, `httpGet`, `tcpSocket` or `grpc`) and its timings.
 */
export interface ProbeProps {
  /** @default - another handler */
  readonly exec?: ExecActionProps;
  /** @default - another handler */
  readonly httpGet?: HttpGetActionProps;
  /** @default - another handler */
  readonly tcpSocket?: TcpSocketActionProps;
  /** @default - another handler */
  readonly grpc?: GrpcActionProps;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** Successes in a row that count as passed; must be 1 for liveness and startup probes. @default 1 */
  readonly successThreshold?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** Grace period when this probe kills the container (liveness and startup only). @default - the pod's */
  readonly terminationGracePeriodSeconds?: number;
}

/** What runs at a container lifecycle hook: exactly one of `exec`, `httpGet`, `tcpSocket`. */
export interface LifecycleHandlerProps {
  /** @default - another handler */
  readonly exec?: ExecActionProps;
  /** @default - another handler */
  readonly httpGet?: HttpGetActionProps;
  /** Accepted by the API for compatibility only; the kubelet does not run it. @default - another handler */
  readonly tcpSocket?: TcpSocketActionProps;
}

/** Container lifecycle hooks, in Kubernetes' shape. */
export interface LifecycleProps {
  /** Runs right after the container starts. @default - none */
  readonly postStart?: LifecycleHandlerProps;
  /** Runs before the container gets SIGTERM, e.g. to stop taking work. @default - none */
  readonly preStop?: LifecycleHandlerProps;
}

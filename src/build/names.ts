/** The names of a pool's objects. The builders, the constructs and the checks all derive names here. */

interface Named {
  readonly poolName: string;
  readonly name?: string;
}

/** The drain Job's (or CronJob's, or ScaledJob's) name: `name`, else `<pool>-worker`. */
export function workerJobName(props: Named): string {
  return props.name ?? `${props.poolName}-worker`;
}

/** The follow Deployment's name: `name`, else `<pool>-follow`. */
export function followDeploymentName(props: Named): string {
  return props.name ?? `${props.poolName}-follow`;
}

/** The serve Deployment's and Service's name: `name`, else `<pool>-serve`. */
export function serveDeploymentName(props: Named): string {
  return props.name ?? `${props.poolName}-serve`;
}

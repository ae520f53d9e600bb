import { PodProps } from '../pod/pod-props';

/** Which pool a component belongs to, and where its objects go. */
export interface WorkloadProps extends PodProps {
  /** The pool name: the `app.kubernetes.io/name` label and the stem of every object name. */
  readonly poolName: string;
  /** Name of the object. @default - `<poolName>-<component>` */
  readonly name?: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
}

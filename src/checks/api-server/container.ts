/**
 * Container fields whose rules belong to the node rather than the API server: the kubelet parses the
 * image reference, and the container runtime (runc, per the OCI runtime spec) sets the working
 * directory and mounts the volumes. Mount and volume rules the API server has are here too.
 */
import { Path, Report, shown } from '../report';
import { dnsLabelProblem } from './names';

/** Directories the container runtime fills itself; /dev/shm is the one mount point users may take there. */
const RUNTIME_DIRECTORIES = ['/proc', '/sys', '/dev'];
const SHARED_MEMORY_PATH = '/dev/shm';
// eslint-disable-next-line no-control-regex
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** A volume and where the container mounts it, as rendered into the pod. */
export interface VolumeValue {
  readonly name: string;
}
export interface VolumeMountValue {
  readonly name: string;
  readonly mountPath: string;
}

/** Checks an image reference: not empty, no whitespace or control characters anywhere. */
export function validateImage(image: string, path: Path, report: Report): void {
  const problem = imageProblem(image);
  if (problem) report(path, problem);
}

/** What validateImage says of `image`, or undefined when it is a good reference. */
export function imageProblem(image: string): string | undefined {
  if (image.trim() === '') {
    return 'received an empty image, expected an image reference such as ghcr.io/example/worker:1.0.0 (the API server refuses a container without one)';
  }
  const bad = WHITESPACE_OR_CONTROL.exec(image);
  if (bad) {
    return `received ${shown(image)}, which holds ${characterName(bad[0])}: expected an image reference without whitespace or control characters (the kubelet cannot parse it and fails the pod with InvalidImageName)`;
  }
  return undefined;
}

/** Checks a working directory: the container runtime requires an absolute path (OCI runtime spec, process.cwd). */
export function validateWorkingDir(workingDir: string, path: Path, report: Report): void {
  if (!workingDir.startsWith('/')) {
    report(path, `received ${shown(workingDir)}, expected an absolute path starting with "/" (the container runtime refuses a relative working directory and the pod never starts)`);
  } else if (CONTROL.test(workingDir)) {
    report(path, `received ${shown(workingDir)}, expected a path without control characters`);
  }
}

/** A mount path as the container runtime resolves it: `//data`, `/data/.` and `/data/` are all `/data`. */
export function normalizeMountPath(mountPath: string): string {
  const segments = mountPath.split('/').filter((segment) => segment !== '' && segment !== '.');
  return `/${segments.join('/')}`;
}

/** Checks one mount path: absolute, no `..`, not inside a directory the runtime fills. */
export function validateMountPath(mountPath: string, path: Path, report: Report, onKey = false): void {
  if (!mountPath.startsWith('/')) {
    report(path, `received ${shown(mountPath)}, expected an absolute mount path starting with "/" (the container runtime refuses a relative one)`, onKey);
    return;
  }
  if (mountPath.split('/').includes('..')) {
    report(path, `received ${shown(mountPath)}, expected a mount path without ".." segments (the container runtime refuses mounts that climb out of their directory)`, onKey);
    return;
  }
  const normalized = normalizeMountPath(mountPath);
  const reserved = RUNTIME_DIRECTORIES.find((dir) => normalized === dir || normalized.startsWith(`${dir}/`));
  if (reserved && normalized !== SHARED_MEMORY_PATH) {
    report(path, `received ${shown(mountPath)}, which is inside ${reserved}: expected a path outside /proc, /sys and /dev (except /dev/shm); the container runtime mounts its own filesystems there, refuses mounts over /proc, and a volume there hides them`, onKey);
  }
}

/**
 * Checks the volumes of a pod and the mounts of its container: volume names DNS labels and unique
 * (the API server), mount paths unique after normalisation (the container runtime refuses a mount
 * point twice). `where` names the config value behind a volume or mount, for the message.
 */
export function validateVolumes(volumes: readonly VolumeValue[], mounts: readonly VolumeMountValue[], path: Path, report: Report, where: (index: number) => string, mountWhere: (index: number) => string = where): void {
  const names = new Map<string, number>();
  volumes.forEach((volume, index) => {
    const problem = dnsLabelProblem(volume.name);
    if (problem) report(path, `received ${where(index)}, whose volume name ${problem.replace(/^expected/, 'is not what the API server accepts: expected')}`);
    const first = names.get(volume.name);
    if (first !== undefined) {
      report(path, `received ${where(first)} and ${where(index)}, which both make the volume ${shown(volume.name)}, expected distinct volume names (the API server refuses a name twice in a pod): rename one`);
    } else names.set(volume.name, index);
  });
  const paths = new Map<string, number>();
  mounts.forEach((mount, index) => {
    const normalized = normalizeMountPath(mount.mountPath);
    const first = paths.get(normalized);
    if (first !== undefined) {
      report(path, `received ${mountWhere(first)} and ${mountWhere(index)}: two volumes are mounted at ${normalized}, expected each mount path once (the container runtime refuses a mount point twice, whatever its spelling)`);
    } else paths.set(normalized, index);
  });
}

function characterName(character: string): string {
  if (character === ' ') return 'a space';
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

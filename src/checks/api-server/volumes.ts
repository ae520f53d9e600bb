/**
 * Pod volumes and container mounts as pkg/apis/core/validation (Kubernetes 1.28) checks them:
 * validateVolumeSource for each source kind, validateVolumeMounts and validateLocalDescendingPath.
 */
import type { KeyToPathProps, MountProps, Mounts, VolumeSourceProps } from '../../pod/pod-props';
import { at, Path, Report, shown } from '../report';
import { normalizeMountPath, validateMountPath } from './container';
import { dnsLabelProblem, dnsSubdomainProblem, secretKeyProblem } from './names';
import { validateQuantity } from './quantity';

const API_SERVER = '(the API server refuses it)';
const VOLUME_SOURCES = ['configMap', 'secret', 'projected', 'emptyDir', 'persistentVolumeClaim', 'csi', 'ephemeral'] as const;
const PROJECTION_SOURCES = ['serviceAccountToken', 'configMap', 'secret', 'downwardAPI'] as const;
const MAX_FILE_MODE = 0o777;
/** The shortest token the kubelet asks for: 10 minutes (ValidateProjectedVolumeSource). */
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;
const EMPTY_DIR_MEDIA = ['', 'Memory'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** Checks `volumes`: each name a DNS label, each source exactly one kind and valid for it. */
export function validateVolumeSources(volumes: Readonly<Record<string, VolumeSourceProps>>, path: Path, report: Report): void {
  for (const [name, source] of Object.entries(volumes)) {
    const volumePath = at(path, name);
    const problem = dnsLabelProblem(name);
    if (problem) report(volumePath, `received volume name ${shown(name)}, ${problem} ${API_SERVER}`, true);
    const kinds = VOLUME_SOURCES.filter((kind) => source?.[kind] !== undefined);
    if (kinds.length !== 1) {
      report(volumePath, `received ${kinds.length ? kinds.join(' and ') : 'no source'}, expected exactly one of ${VOLUME_SOURCES.join(', ')} ${API_SERVER}`);
      continue;
    }
    validateSource(source, at(volumePath, kinds[0]), report);
  }
}

function validateSource(source: VolumeSourceProps, path: Path, report: Report): void {
  if (source.configMap) {
    subdomain(source.configMap.name, 'ConfigMap name', at(path, 'name'), report);
    validateItems(source.configMap.items, at(path, 'items'), report);
    fileMode(source.configMap.defaultMode, at(path, 'defaultMode'), report);
  } else if (source.secret) {
    subdomain(source.secret.secretName, 'Secret name', at(path, 'secretName'), report);
    validateItems(source.secret.items, at(path, 'items'), report);
    fileMode(source.secret.defaultMode, at(path, 'defaultMode'), report);
  } else if (source.projected) {
    validateProjected(source.projected, path, report);
  } else if (source.emptyDir) {
    const { medium, sizeLimit } = source.emptyDir;
    if (medium !== undefined && !EMPTY_DIR_MEDIA.includes(medium)) report(at(path, 'medium'), `received ${shown(medium)}, expected "" (node disk) or Memory`);
    validateQuantity(sizeLimit, 'bytes', at(path, 'sizeLimit'), report);
  } else if (source.persistentVolumeClaim) {
    subdomain(source.persistentVolumeClaim.claimName, 'claim name', at(path, 'claimName'), report);
  } else if (source.csi) {
    const driver = source.csi.driver ?? '';
    if (driver.length > 63 || dnsSubdomainProblem(driver.toLowerCase())) report(at(path, 'driver'), `received ${shown(driver)}, expected a CSI driver name: at most 63 characters, a DNS-1123 subdomain such as secrets-store.csi.k8s.io ${API_SERVER}`);
    if (source.csi.nodePublishSecretRef) subdomain(source.csi.nodePublishSecretRef.name, 'Secret name', at(path, 'nodePublishSecretRef', 'name'), report);
  } else if (source.ephemeral) {
    validateEphemeral(source.ephemeral, path, report);
  }
}

function validateProjected(projected: NonNullable<VolumeSourceProps['projected']>, path: Path, report: Report): void {
  fileMode(projected.defaultMode, at(path, 'defaultMode'), report);
  const files = new Map<string, Path>();
  const claim = (file: string, filePath: Path): void => {
    const first = files.get(file);
    if (first) report(filePath, `received file ${shown(file)} twice in one projected volume, expected each path once ${API_SERVER}`);
    else files.set(file, filePath);
  };
  (projected.sources ?? []).forEach((source, index) => {
    const sourcePath = at(path, 'sources', index);
    const kinds = PROJECTION_SOURCES.filter((kind) => source[kind] !== undefined);
    if (kinds.length !== 1) {
      report(sourcePath, `received ${kinds.length ? kinds.join(' and ') : 'no source'}, expected exactly one of ${PROJECTION_SOURCES.join(', ')} ${API_SERVER}`);
      return;
    }
    const { serviceAccountToken: token, configMap, secret, downwardAPI } = source;
    if (token) {
      const tokenPath = at(sourcePath, 'serviceAccountToken');
      relativeFile(token.path, at(tokenPath, 'path'), report);
      claim(token.path, at(tokenPath, 'path'));
      const seconds = token.expirationSeconds;
      if (seconds !== undefined && (seconds < MIN_TOKEN_SECONDS || seconds > MAX_TOKEN_SECONDS)) {
        report(at(tokenPath, 'expirationSeconds'), `received ${seconds}, expected from ${MIN_TOKEN_SECONDS} (10 minutes) to ${MAX_TOKEN_SECONDS} seconds ${API_SERVER}`);
      }
    }
    for (const [kind, ref] of [['configMap', configMap], ['secret', secret]] as const) {
      if (!ref) continue;
      subdomain(ref.name, kind === 'configMap' ? 'ConfigMap name' : 'Secret name', at(sourcePath, kind, 'name'), report);
      validateItems(ref.items, at(sourcePath, kind, 'items'), report);
      ref.items?.forEach((item, itemIndex) => claim(item.path, at(sourcePath, kind, 'items', itemIndex, 'path')));
    }
    downwardAPI?.items?.forEach((item, itemIndex) => {
      const itemPath = at(sourcePath, 'downwardAPI', 'items', itemIndex);
      relativeFile(item.path, at(itemPath, 'path'), report);
      claim(item.path, at(itemPath, 'path'));
      fileMode(item.mode, at(itemPath, 'mode'), report);
      if ((item.fieldRef === undefined) === (item.resourceFieldRef === undefined)) report(itemPath, `expected exactly one of fieldRef and resourceFieldRef ${API_SERVER}`);
    });
  });
}

function validateEphemeral(ephemeral: NonNullable<VolumeSourceProps['ephemeral']>, path: Path, report: Report): void {
  const spec = ephemeral.volumeClaimTemplate?.spec;
  const specPath = at(path, 'volumeClaimTemplate', 'spec');
  if (!spec) {
    report(at(path, 'volumeClaimTemplate'), `received no volumeClaimTemplate.spec, expected the claim to create (accessModes, resources.requests.storage) ${API_SERVER}`);
    return;
  }
  if (!spec.accessModes?.length) report(at(specPath, 'accessModes'), `received no access mode, expected at least one of ${ACCESS_MODES.join(', ')} ${API_SERVER}`);
  spec.accessModes?.forEach((mode, index) => {
    if (!ACCESS_MODES.includes(mode)) report(at(specPath, 'accessModes', index), `received ${shown(mode)}, expected one of ${ACCESS_MODES.join(', ')} ${API_SERVER}`);
  });
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) report(at(specPath, 'resources'), `received no resources.requests.storage, expected the size of the claim ${API_SERVER}`);
  else validateQuantity(storage, 'bytes', at(specPath, 'resources', 'requests', 'storage'), report);
  if (spec.storageClassName !== undefined) subdomain(spec.storageClassName, 'StorageClass name', at(specPath, 'storageClassName'), report);
}

function validateItems(items: readonly KeyToPathProps[] | undefined, path: Path, report: Report): void {
  items?.forEach((item, index) => {
    const problem = secretKeyProblem(item.key ?? '');
    if (problem) report(at(path, index, 'key'), `received key ${shown(item.key)}, ${problem.replace('Secret key', 'key')} ${API_SERVER}`);
    relativeFile(item.path, at(path, index, 'path'), report);
    fileMode(item.mode, at(path, index, 'mode'), report);
  });
}

/** Checks a path inside a volume: relative, without `..` segments (validateLocalDescendingPath). */
export function validateRelativePath(file: string, path: Path, report: Report, what = 'path'): void {
  if (file.startsWith('/')) report(path, `received ${shown(file)}, expected a relative ${what}, not one starting with "/" ${API_SERVER}`);
  else if (file.split('/').includes('..')) report(path, `received ${shown(file)}, expected a ${what} without ".." segments: it must stay inside the volume ${API_SERVER}`);
}

function relativeFile(file: string | undefined, path: Path, report: Report): void {
  if (!file) report(path, `received an empty path, expected a file path relative to the mount ${API_SERVER}`);
  else validateRelativePath(file, path, report, 'file path');
}

function fileMode(mode: number | undefined, path: Path, report: Report): void {
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > MAX_FILE_MODE)) {
    report(path, `received ${mode}, expected file mode bits from 0 to 0777 (511 in decimal; YAML 1.2 reads 0644 as 644, write 0o644 or 420) ${API_SERVER}`);
  }
}

function subdomain(name: string | undefined, what: string, path: Path, report: Report): void {
  const problem = dnsSubdomainProblem(name ?? '');
  if (problem) report(path, `received ${what} ${shown(name)}, ${problem} ${API_SERVER}`);
}

/**
 * Checks one container's mounts: each path absolute and outside the runtime's directories, each once
 * after normalisation (unless the caller checks that across the shorthands too), subPath relative and
 * inside the volume.
 */
export function validateMounts(mounts: Mounts, path: Path, report: Report, checkDuplicates = true): void {
  const seen = new Map<string, string>();
  for (const [mountPath, mount] of Object.entries(mounts)) {
    const mountAt = at(path, mountPath);
    validateMountPath(mountPath, mountAt, report, true);
    const normalized = normalizeMountPath(mountPath);
    const first = seen.get(normalized);
    if (first !== undefined && checkDuplicates) report(mountAt, `received ${shown(mountPath)} and ${shown(first)}, which are one mount point (${normalized}): expected each mount path once (the container runtime refuses a mount point twice)`, true);
    else seen.set(normalized, mountPath);
    if (typeof mount !== 'string' && mount.subPath !== undefined) validateRelativePath(mount.subPath, at(mountAt, 'subPath'), report, 'subPath');
  }
}

/** Checks that each mount names a volume of the pod (the API server refuses a mount of no volume). */
export function validateMountVolumes(mounts: Mounts, volumeNames: ReadonlySet<string>, path: Path, report: Report): void {
  for (const [mountPath, mount] of Object.entries(mounts)) {
    const volume = typeof mount === 'string' ? mount : (mount as MountProps).volume;
    if (volumeNames.has(volume)) continue;
    const where = typeof mount === 'string' ? at(path, mountPath) : at(path, mountPath, 'volume');
    report(where, `received volume ${shown(volume)}, which the pod does not have: expected one of ${volumeNames.size ? [...volumeNames].join(', ') : 'its volumes (it has none: add it under volumes)'} ${API_SERVER}`);
  }
}

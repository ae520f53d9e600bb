/**
 * The API server's rules for the pod options of one layer and of a merged pod, composed from the rules of
 * each concern. The config checks run them on every layer and on each component's merged options; the
 * constructs run them at synth on the options they were given.
 */
import { PodProps } from '../../pod/pod-props';
import { buildVolumes } from '../../build/volumes';
import { at, Path, problemsOf, Report } from '../report';
import { dnsLabelProblem } from './names';
import { validateImage, validateMountPath, validateVolumes, validateWorkingDir } from './container';
import { ENV_SOURCES, validateEnvSources, validateEnvVarName } from './env';
import { validateAnnotationKeys, validateAnnotationSize, validateLabels } from './metadata';
import { QuantityUnit, validateQuantity, validateRequestWithinLimit } from './quantity';
import { ComponentContainer, validatePodModelLayer, validatePodModelReferences } from './pod-model';
import { validateAffinity, validateToleration } from './scheduling';

const RESOURCE_QUANTITIES: readonly ['cpu' | 'memory' | 'ephemeralStorage', QuantityUnit][] = [['cpu', 'cpu'], ['memory', 'bytes'], ['ephemeralStorage', 'bytes']];

/** Rules on the values one layer of pod options sets: names, quantities, paths, scheduling. */
export function validatePodLayer(layer: PodProps, path: Path, report: Report): void {
  for (const [name, unit] of RESOURCE_QUANTITIES) {
    validateQuantity(layer.resources?.[name], unit, at(path, 'resources', name), report);
    validateQuantity(layer.resources?.limits?.[name], unit, at(path, 'resources', 'limits', name), report);
  }
  validateQuantity(layer.scratch?.sizeLimit, 'bytes', at(path, 'scratch', 'sizeLimit'), report);
  validateQuantity(layer.sharedMemory, 'bytes', at(path, 'sharedMemory'), report);
  for (const source of ENV_SOURCES) {
    for (const name of Object.keys(layer[source] ?? {})) validateEnvVarName(name, at(path, source, name), report);
  }
  validateLabels(layer.labels, at(path, 'labels'), report);
  validateAnnotationKeys(layer.annotations, at(path, 'annotations'), report);
  validateLabels(layer.nodeSelector, at(path, 'nodeSelector'), report);
  if (layer.image !== undefined) validateImage(layer.image, at(path, 'image'), report);
  if (layer.workingDir !== undefined) validateWorkingDir(layer.workingDir, at(path, 'workingDir'), report);
  if (layer.scratch) validateMountPath(layer.scratch.path, at(path, 'scratch', 'path'), report);
  for (const [claim, mountPath] of Object.entries(layer.persistentVolumeClaims ?? {})) validateMountPath(mountPath, at(path, 'persistentVolumeClaims', claim), report);
  layer.tolerations?.forEach((toleration, index) => validateToleration(toleration, at(path, 'tolerations', index), report));
  if (layer.affinity) validateAffinity(layer.affinity as Record<string, any>, at(path, 'affinity'), report);
  validatePodModelLayer(layer, path, report);
}

/** Rules on a component's merged pod: requests within limits, volumes and mounts, annotation size. */
export function validateMergedPod(pod: PodProps, path: Path, report: Report): void {
  for (const [name] of RESOURCE_QUANTITIES) {
    validateRequestWithinLimit(pod.resources?.[name], pod.resources?.limits?.[name], at(path, 'resources', name), report);
  }
  const built = buildVolumes(pod);
  const { mounts, shorthands } = built;
  // User volume names with a bad syntax are reported where they are written, by validatePodModelLayer.
  const volumes = built.volumes.filter((volume, index) => index < shorthands || !dnsLabelProblem(volume.name));
  validateVolumes(volumes, mounts, path, report, (index) => volumeOrigin(volumes[index], index < shorthands), (index) => (index < shorthands ? volumeOrigin(volumes[index]) : `mounts ${JSON.stringify(mounts[index].mountPath)}`));
  validateAnnotationSize(pod.annotations, at(path, 'annotations'), report);
  validateAnnotationSize({ ...pod.annotations, ...pod.podAnnotations }, at(path, 'podAnnotations'), report);
}

/** Every problem of a construct's pod options, as lines for `node.addValidation`. */
export function podPropsProblems(pod: PodProps, component: ComponentContainer): string[] {
  return problemsOf((report) => {
    validatePodLayer(pod, [], report);
    validateEnvSources([{ path: [], maps: pod }], report);
    validateMergedPod(pod, [], report);
    validatePodModelReferences(pod, pod, [], report, component);
  });
}

/** The config value a rendered volume comes from, as a message names it; shorthand volumes come first. */
function volumeOrigin(volume: { name: string; persistentVolumeClaim?: { claimName: string } }, shorthand = true): string {
  if (!shorthand) return `volumes ${JSON.stringify(volume.name)}`;
  if (volume.persistentVolumeClaim) return `persistentVolumeClaims ${JSON.stringify(volume.persistentVolumeClaim.claimName)}`;
  return volume.name === 'scratch' ? 'scratch' : 'sharedMemory (/dev/shm)';
}


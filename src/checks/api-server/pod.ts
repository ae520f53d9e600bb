/**
 * The API server's rules for the pod options of one layer and of a merged pod, composed from the rules of
 * each concern. The config checks run them on every layer and on each component's merged options; the
 * constructs run them at synth on the options they were given.
 */
import { PodProps } from '../../pod/pod-props';
import { buildVolumes, PodVolumes } from '../../build/volumes';
import { at, Path, Report } from '../report';
import { dnsLabelProblem } from './names';
import { imageProblem, validateMountPath, validateVolumes, validateWorkingDir } from './container';
import { validateEnvVarNames } from './env';
import { validateAnnotationKeys, validateAnnotationSize, validateLabels } from './metadata';
import { QuantityUnit, quantityProblem, validateQuantity, validateRequestWithinLimit } from './quantity';
import { validatePodModelLayer } from './pod-model';
import { validateAffinity, validateToleration } from './scheduling';

const RESOURCE_QUANTITIES: readonly ['cpu' | 'memory' | 'ephemeralStorage', QuantityUnit][] = [['cpu', 'cpu'], ['memory', 'bytes'], ['ephemeralStorage', 'bytes']];

/** Rules on the values one layer of pod options sets: names, quantities, paths, scheduling. */
export function validatePodLayer(layer: PodProps, path: Path, report: Report): void {
  if (layer.resources) validateResourceQuantities(layer.resources, path, report);
  if (layer.scratch?.sizeLimit !== undefined) validateQuantity(layer.scratch.sizeLimit, 'bytes', at(path, 'scratch', 'sizeLimit'), report);
  if (layer.sharedMemory !== undefined) validateQuantity(layer.sharedMemory, 'bytes', at(path, 'sharedMemory'), report);
  validateEnvVarNames(layer, path, report);
  if (layer.labels) validateLabels(layer.labels, at(path, 'labels'), report);
  if (layer.annotations) validateAnnotationKeys(layer.annotations, at(path, 'annotations'), report);
  if (layer.nodeSelector) validateLabels(layer.nodeSelector, at(path, 'nodeSelector'), report);
  const imageMessage = layer.image === undefined ? undefined : imageProblem(layer.image);
  if (imageMessage) report(at(path, 'image'), imageMessage);
  if (layer.workingDir !== undefined) validateWorkingDir(layer.workingDir, at(path, 'workingDir'), report);
  if (layer.scratch) validateMountPath(layer.scratch.path, at(path, 'scratch', 'path'), report);
  if (layer.persistentVolumeClaims) {
    for (const [claim, mountPath] of Object.entries(layer.persistentVolumeClaims)) validateMountPath(mountPath, at(path, 'persistentVolumeClaims', claim), report);
  }
  layer.tolerations?.forEach((toleration, index) => validateToleration(toleration, at(path, 'tolerations', index), report));
  if (layer.affinity) validateAffinity(layer.affinity as Record<string, any>, at(path, 'affinity'), report);
  validatePodModelLayer(layer, path, report);
}

function validateResourceQuantities(resources: NonNullable<PodProps['resources']>, path: Path, report: Report): void {
  for (const [name, unit] of RESOURCE_QUANTITIES) {
    const requestProblem = quantityProblem(resources[name], unit);
    if (requestProblem) report(at(path, 'resources', name), requestProblem);
    const limitProblem = quantityProblem(resources.limits?.[name], unit);
    if (limitProblem) report(at(path, 'resources', 'limits', name), limitProblem);
  }
}

/** Rules on a component's merged pod: requests within limits, volumes and mounts, annotation size. */
export function validateMergedPod(pod: PodProps, path: Path, report: Report): void {
  const resources = pod.resources;
  if (resources?.limits) {
    for (const [name] of RESOURCE_QUANTITIES) {
      validateRequestWithinLimit(resources[name], resources.limits[name], at(path, 'resources', name), report);
    }
  }
  const built = buildVolumes(pod);
  if (built.volumes.length || built.mounts.length) validateBuiltVolumes(built, path, report);
  if (pod.annotations || pod.podAnnotations) {
    validateAnnotationSize(pod.annotations, at(path, 'annotations'), report);
    validateAnnotationSize({ ...pod.annotations, ...pod.podAnnotations }, at(path, 'podAnnotations'), report);
  }
}

function validateBuiltVolumes(built: PodVolumes, path: Path, report: Report): void {
  const { mounts, shorthands } = built;
  // User volume names with a bad syntax are reported where they are written, by validatePodModelLayer.
  const volumes = built.volumes.filter((volume, index) => index < shorthands || !dnsLabelProblem(volume.name));
  validateVolumes(volumes, mounts, path, report, (index) => volumeOrigin(volumes[index], index < shorthands), (index) => (index < shorthands ? volumeOrigin(volumes[index]) : `mounts ${JSON.stringify(mounts[index].mountPath)}`));
}

/** The config value a rendered volume comes from, as a message names it; shorthand volumes come first. */
function volumeOrigin(volume: { name: string; persistentVolumeClaim?: { claimName: string } }, shorthand = true): string {
  if (!shorthand) return `volumes ${JSON.stringify(volume.name)}`;
  if (volume.persistentVolumeClaim) return `persistentVolumeClaims ${JSON.stringify(volume.persistentVolumeClaim.claimName)}`;
  return volume.name === 'scratch' ? 'scratch' : 'sharedMemory (/dev/shm)';
}


/** Object metadata as apimachinery's ValidateObjectMeta (Kubernetes 1.28) checks it: label and annotation maps. */
import { at, Path, Report, shown } from '../report';
import { labelKeyProblem, labelValueProblem } from './names';

/** TotalAnnotationSizeLimitB: the bytes of every annotation key and value of one object, together. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Checks labels: qualified-name keys and label values. */
export function validateLabels(labels: Readonly<Record<string, unknown>> | undefined, path: Path, report: Report): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) report(at(path, key), `received label key ${shown(key)}, ${keyProblem} (the API server refuses it)`, true);
    const valueProblem = labelValueProblem(String(value));
    if (valueProblem) report(at(path, key), `received ${shown(value)}, ${valueProblem} (the API server refuses it)`);
  }
}

/** Checks annotation keys (qualified names, compared lowercased as the API server does). */
export function validateAnnotationKeys(annotations: Readonly<Record<string, unknown>> | undefined, path: Path, report: Report): void {
  for (const key of Object.keys(annotations ?? {})) {
    const problem = labelKeyProblem(key.toLowerCase());
    if (problem) report(at(path, key), `received annotation key ${shown(key)}, ${problem} (the API server refuses it)`, true);
  }
}

/** The bytes the API server counts for a map of annotations: every key and value, UTF-8. */
export function annotationBytes(annotations: Readonly<Record<string, unknown>> | undefined): number {
  return Object.entries(annotations ?? {}).reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(String(value)), 0);
}

/** Checks the total size of one object's annotations. */
export function validateAnnotationSize(annotations: Readonly<Record<string, unknown>> | undefined, path: Path, report: Report): void {
  const bytes = annotationBytes(annotations);
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    report(path, `received ${bytes} bytes of annotations on one object, expected at most ${MAX_ANNOTATIONS_BYTES} (256 KiB, keys and values together; the API server refuses more)`);
  }
}

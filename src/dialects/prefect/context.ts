import { receivedCredentialIn } from '../../checks/credentials-walk';
import { findPlaceholders, lookupPath, renderTemplate } from '../../templates/placeholders';
import { dnsLabelSlug } from './labels';
import { RUN_CONTEXT } from './values';

/**
 * Fills the `{{ ctx.* }}` placeholders of job_configuration's `name` as Prefect's worker does for each flow
 * run (`prepare_for_flow_run`: `ctx.flow.name`, `ctx.flow_run.name`…), from the context given with
 * `--set ctx.flow.name=NAME`. A placeholder without a value renders empty, and a warning names it and how
 * to give it: the name is never derived from the placeholder's own text.
 */
export function fillRunContext(configuration: Record<string, unknown>, context: Readonly<Record<string, unknown>>, nameFlag: string | undefined, warnings: string[]): void {
  const name = configuration.name;
  if (typeof name !== 'string') return;
  const placeholders = findPlaceholders(name);
  if (placeholders.length === 0) return;
  const values = { [RUN_CONTEXT]: context };
  const lookup = (placeholder: string) => {
    const value = lookupPath(values, placeholder);
    return value === null ? undefined : value;
  };
  const missing = [...new Set(placeholders.filter((placeholder) => lookup(placeholder.name) === undefined).map((placeholder) => placeholder.name))];
  const rendered = renderTemplate(name, lookup);
  configuration.name = typeof rendered === 'string' ? rendered : '';
  if (missing.length === 0 || nameFlag !== undefined) return;
  const runTime = missing.filter((placeholder) => placeholder.startsWith(`${RUN_CONTEXT}.`));
  const how = runTime.length > 0
    ? `Prefect's worker fills ${runTime.map((placeholder) => `{{ ${placeholder} }}`).join(' and ')} from the flow run; give ${runTime.length > 1 ? 'them' : 'it'} with ${runTime.map((placeholder) => `--set ${placeholder}=VALUE`).join(' ')}, or pass --name NAME`
    : 'the worker renders only {{ ctx.* }} placeholders in a name; pass --name NAME';
  const placeholderList = missing.map((placeholder) => `{{ ${placeholder} }}`).join(', ');
  const shown = receivedCredentialIn(name) === undefined ? JSON.stringify(name) : 'the name';
  warnings.push(`job_configuration.name: ${shown} has ${placeholderList} without a value, rendered empty (the name becomes ${JSON.stringify(dnsLabelSlug(configuration.name as string))}): ${how}`);
}

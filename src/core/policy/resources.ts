/**
 * How much a statement's `Resource` covers. Findings about broad grants (full admin, service-wide
 * wildcards) only count statements that apply to every resource; an `s3:*` on one bucket is a scoped
 * grant, not a service-wide one.
 */
import { compileWildcard } from './wildcard.js';

const ONLY_STARS = /^\*+$/;

/**
 * True when one `Resource` entry matches every resource of `service`, or of every service when
 * `service` is omitted. Counted as "every resource": `*`; an ARN pattern whose service field is `*`
 * (or matches the service) and whose resource field is only `*` — `arn:aws:*:*:*:*`, `arn:*`,
 * `arn:aws:s3:::*`, `arn:aws:iam::123456789012:*`. Region and account fields are not looked at: a
 * grant over all of an account's IAM resources is service-wide for that account.
 *
 * @example
 * coversAllResources('arn:aws:iam::*:*', 'iam');        // true
 * coversAllResources('arn:aws:s3:::my-bucket/*', 's3'); // false
 */
export function coversAllResources(resource: string, service?: string): boolean {
  const r = resource.trim().toLowerCase();
  if (ONLY_STARS.test(r)) return true;
  const parts = r.split(':');
  if (parts[0] !== 'arn' || parts.length < 2) return false;
  const last = parts.length - 1;
  // A trailing `*` swallows the remaining fields, colons included.
  if (parts.length < 6 && !ONLY_STARS.test(parts[last] ?? '')) return false;
  const servicePart = parts[2];
  if (servicePart !== undefined) {
    const matches =
      service === undefined ? ONLY_STARS.test(servicePart) : compileWildcard(servicePart).test(service);
    if (!matches) return false;
  }
  const resourcePart = parts.length >= 6 ? parts.slice(5).join(':') : (parts[last] ?? '');
  return ONLY_STARS.test(resourcePart);
}

/** True when any entry of a `Resource` list covers every resource (of `service`, when given). */
export function anyCoversAllResources(resources: readonly string[], service?: string): boolean {
  return resources.some((resource) => coversAllResources(resource, service));
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template placeholder
const SELF_VARIABLE = '${aws:username}';

/**
 * True when every resource names the caller's own IAM user through the `${aws:username}` policy
 * variable (the self-service pattern "manage your own access keys"). Policy variables are only
 * substituted under `Version: 2012-10-17`; otherwise the text is literal and names nobody.
 */
export function isSelfScoped(resources: readonly string[]): boolean {
  return resources.length > 0 && resources.every((r) => r.toLowerCase().includes(SELF_VARIABLE));
}

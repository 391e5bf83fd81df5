/**
 * From CloudTrail's naming to IAM's: the `eventSource` host of a record names the service, and the
 * `eventName` names the API call. Both mostly equal the IAM service prefix and action name, with
 * known exceptions handled here.
 */

/**
 * Event sources whose IAM service prefix is not the host's own name. Sources: TrailScraper's
 * `_source_to_iam_prefix` special cases (flosell/trailscraper, cloudtrail.py) and the Service
 * Authorization Reference (Amazon Pinpoint's prefix is `mobiletargeting`).
 */
export const EVENT_SOURCE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'appstream2.amazonaws.com': 'appstream',
  'models.lex.amazonaws.com': 'lex',
  'runtime.lex.amazonaws.com': 'lex',
  'mturk-requester.amazonaws.com': 'mechanicalturk',
  'streams.dynamodb.amazonaws.com': 'dynamodb',
  'tagging.amazonaws.com': 'tag',
  'pinpoint.amazonaws.com': 'mobiletargeting',
};

const HOST_SUFFIX = /\.amazonaws\.com(\.cn)?$/;

/**
 * The IAM service prefix of a CloudTrail `eventSource`, or undefined when the catalogue does not know
 * it. Tries, in order: the known exceptions, the host without `.amazonaws.com`, and the host's last
 * label (`runtime.sagemaker.amazonaws.com` → `sagemaker`).
 */
export function serviceForEventSource(
  eventSource: string,
  hasService: (service: string) => boolean,
): string | undefined {
  const host = eventSource.trim().toLowerCase();
  const exception = EVENT_SOURCE_EXCEPTIONS[host];
  if (exception !== undefined) return exception;
  const name = host.replace(HOST_SUFFIX, '');
  if (name.length === 0) return undefined;
  if (hasService(name)) return name;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last !== name && hasService(last) ? last : undefined;
}

/**
 * CloudTrail suffixes some event names with the API version they were called through: Lambda
 * (`UpdateFunctionCode20150331v2`, `CreateFunction20150331`) and CloudFront
 * (`UpdateDistribution2020_05_31`, older `UpdateDistribution2017_03_25`).
 */
const API_VERSION_SUFFIX = /(?:\d{8}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/;

/**
 * The API name of a CloudTrail `eventName` without an API-version suffix, so it can be compared with
 * the IAM action of the same name. Names without such a suffix are returned unchanged.
 *
 * @example
 * canonicalApiName('UpdateFunctionCode20150331v2'); // 'UpdateFunctionCode'
 * canonicalApiName('UpdateDistribution2020_05_31');  // 'UpdateDistribution'
 * canonicalApiName('PutRolePolicy');                 // 'PutRolePolicy'
 */
export function canonicalApiName(eventName: string): string {
  const stripped = eventName.replace(API_VERSION_SUFFIX, '');
  return stripped.length > 0 ? stripped : eventName;
}

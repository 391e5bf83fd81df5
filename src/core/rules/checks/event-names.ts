/**
 * `match.eventName` against the action catalogue: a name that is not an API of the rule's event
 * source never matches anything, which is almost always a typo. It is a warning (the catalogue may
 * lag behind AWS), with the nearest known name. Services the catalogue does not know, and `*`, are
 * skipped.
 */
import { listOf } from '../compile-rule.js';
import { diagnostic, type RuleCheck } from './types.js';

/**
 * Event names CloudTrail records that are not IAM actions of their service, so the catalogue cannot
 * know them: console sign-in events (`eventType: AwsConsoleSignIn`) and S3 APIs authorised by an
 * action of another name (DeleteBucketPublicAccessBlock needs s3:PutBucketPublicAccessBlock).
 */
export const NON_ACTION_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  'signin.amazonaws.com': ['ConsoleLogin', 'CheckMfa', 'SwitchRole', 'ExitRole', 'RenewRole'],
  's3.amazonaws.com': ['DeleteBucketPublicAccessBlock', 'DeleteBucketEncryption', 'DeleteBucketLifecycle'],
};

/** Warns about event names the catalogue does not know for the rule’s event source. */
export const checkEventNames: RuleCheck = (rule, context) => {
  const diagnostics: ReturnType<RuleCheck> = [];
  const services = listOf(rule.match.eventSource)
    .filter((source) => source !== '*')
    .map((source) => ({ source, service: context.catalogue.serviceForEventSource(source) }));
  if (services.length === 0 || services.some(({ service }) => service === undefined)) return diagnostics;
  const names = listOf(rule.match.eventName);
  const known = new Set(services.flatMap(({ source }) => NON_ACTION_EVENT_NAMES[source] ?? []));
  names.forEach((name, position) => {
    if (name === '*' || known.has(name)) return;
    const api = context.catalogue.canonicalApiName(name);
    const actions = services.map(({ service }) => context.catalogue.canonicalAction(service ?? '', api));
    const exact = actions.some((action) => action !== undefined && actionName(action) === api);
    if (exact) return;
    const path =
      typeof rule.match.eventName === 'string' ? ['match', 'eventName'] : ['match', 'eventName', position];
    const sourceText = services.map(({ source }) => source).join(' or ');
    const differentCase = actions.find((action) => action !== undefined);
    const suggestion =
      differentCase === undefined
        ? services
            .map(({ service }) => context.catalogue.suggestAction(service ?? '', api))
            .find((action) => action !== undefined)
        : differentCase;
    const hint = suggestion === undefined ? '' : `; did you mean '${actionName(suggestion)}'?`;
    const what =
      differentCase === undefined
        ? `is not an API of ${sourceText}`
        : `is spelt differently in CloudTrail (names are case-sensitive)`;
    diagnostics.push(
      diagnostic('warning', 'RuleUnknownEventName', `eventName '${name}' ${what}${hint}`, context.at(path)),
    );
  });
  return diagnostics;
};

/** `iam:PutRolePolicy` → `PutRolePolicy`. */
function actionName(action: string): string {
  return action.slice(action.indexOf(':') + 1);
}

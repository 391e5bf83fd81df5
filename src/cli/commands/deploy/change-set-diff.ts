/**
 * The change set as a readable diff: what is added, modified (and whether it is replaced) and removed,
 * with changes to permissions (roles, policies, resource policies, key policies) marked, because those
 * are the ones a reviewer of a security tool must read.
 */
import type { ResourceChange } from '../../../adapters/aws/cloudformation.js';
import type { Paint } from '../../io/io.js';

/** Resource types that grant or change permissions although they are not `AWS::IAM::*`. */
const PERMISSION_TYPES = new Set([
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::Lambda::Permission',
  'AWS::Events::EventBusPolicy',
]);
/** Properties that hold a policy document in otherwise ordinary resources. */
const PERMISSION_PROPERTIES = new Set([
  'KeyPolicy',
  'PolicyDocument',
  'Policies',
  'AssumeRolePolicyDocument',
]);

/** Counts of a change set, for the summary line and `--output json`. */
export interface ChangeCounts {
  readonly add: number;
  readonly modify: number;
  readonly remove: number;
  /** Modified resources that will (or may) be replaced. */
  readonly replace: number;
  /** Changes to permissions. */
  readonly iam: number;
}

/** True when the change adds, removes or alters a permission. */
export function isPermissionChange(change: ResourceChange): boolean {
  if (change.resourceType.startsWith('AWS::IAM::') || PERMISSION_TYPES.has(change.resourceType)) return true;
  return change.details.some((detail) => detail.name !== undefined && PERMISSION_PROPERTIES.has(detail.name));
}

/** True when CloudFormation will (`True`) or may (`Conditional`) replace the resource. */
export function isReplacement(change: ResourceChange): boolean {
  return (
    change.action === 'Modify' && (change.replacement === 'True' || change.replacement === 'Conditional')
  );
}

export function countChanges(changes: readonly ResourceChange[]): ChangeCounts {
  const count = (test: (change: ResourceChange) => boolean) => changes.filter(test).length;
  return {
    add: count((c) => c.action === 'Add' || c.action === 'Import'),
    modify: count((c) => c.action === 'Modify' || c.action === 'Dynamic'),
    remove: count((c) => c.action === 'Remove'),
    replace: count(isReplacement),
    iam: count(isPermissionChange),
  };
}

/** `3 to add, 2 to modify (1 replaced), 1 to remove; 2 change permissions`. */
export function summariseChanges(changes: readonly ResourceChange[]): string {
  const counts = countChanges(changes);
  if (changes.length === 0) return 'no resource changes (outputs, parameters or tags only)';
  const replaced = counts.replace > 0 ? ` (${counts.replace} replaced)` : '';
  const iam = counts.iam > 0 ? `; ${counts.iam} change${counts.iam === 1 ? 's' : ''} permissions` : '';
  return `${counts.add} to add, ${counts.modify} to modify${replaced}, ${counts.remove} to remove${iam}`;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  Add: '+',
  Import: '+',
  Modify: '~',
  Dynamic: '~',
  Remove: '-',
};

/**
 * One line per resource: `+`/`~`/`-`, logical id, type, the changed properties, a replacement note and
 * an `[IAM]` mark; then the permission changes again under their own heading, so they cannot be missed.
 */
export function formatChangeSet(changes: readonly ResourceChange[], paint: Paint): string {
  if (changes.length === 0) return `  ${summariseChanges(changes)}`;
  const idWidth = Math.max(...changes.map((c) => c.logicalId.length));
  const typeWidth = Math.max(...changes.map((c) => c.resourceType.length));
  const line = (change: ResourceChange): string => {
    const symbol = SYMBOLS[change.action] ?? '?';
    const colour = symbol === '+' ? paint.green : symbol === '-' ? paint.red : paint.yellow;
    const what = changedProperties(change);
    const replacement =
      change.replacement === 'True'
        ? paint.red('  replaced')
        : change.replacement === 'Conditional' && change.action === 'Modify'
          ? paint.yellow('  may be replaced')
          : '';
    const iam = isPermissionChange(change) ? `  ${paint.bold(paint.red('[IAM]'))}` : '';
    const text = `${change.logicalId.padEnd(idWidth)}  ${change.resourceType.padEnd(typeWidth)}`;
    return `  ${colour(`${symbol} ${text}`)}${what === '' ? '' : `  ${paint.dim(what)}`}${replacement}${iam}`.trimEnd();
  };
  const lines = [`  ${summariseChanges(changes)}`, ...changes.map(line)];
  const permissions = changes.filter(isPermissionChange);
  if (permissions.length > 0) {
    lines.push('', paint.bold(paint.red('  Permission changes (review these):')), ...permissions.map(line));
  }
  return lines.join('\n');
}

/** The changed property names (or attributes) of a modification, e.g. `Code, Environment`. */
function changedProperties(change: ResourceChange): string {
  if (change.action !== 'Modify') return '';
  const names = change.details.map((detail) =>
    detail.name !== undefined && detail.name !== '' ? detail.name : (detail.attribute ?? ''),
  );
  return [...new Set(names.filter((name) => name !== ''))].join(', ');
}

/**
 * The eight Lambda functions of the deployed system: name, code location, size, trigger, and the
 * environment contract each handler's `deps.ts` reads. Memory and timeouts follow the seed system.
 */
import { IamGuardError } from '../core/errors.js';
import type { Feature, IamGuardConfig } from './config.js';
import type { METRIC_NAMESPACES } from './metrics.js';
import type { ConfigObject } from './storage-layout.js';

export const FUNCTION_NAMES = [
  'detector',
  'sns-publisher',
  'slack-handler',
  'audit-logger',
  'metrics-publisher',
  'remediator',
  'athena-table-creator',
  'analytics-scheduler',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** What invokes a function; compute.ts grants each invoker permission. */
export type FunctionTrigger =
  | { readonly kind: 'cloudtrail' }
  | { readonly kind: 'bus' }
  | { readonly kind: 'queue' }
  | { readonly kind: 'schedule'; readonly expression: string }
  | { readonly kind: 'deploy' };

export interface LambdaFunctionSpec {
  readonly name: FunctionName;
  /** Stem of its logical ids: `Detector` → `DetectorFunction`, `DetectorRole`, `DetectorLogGroup`… */
  readonly id: string;
  readonly description: string;
  /** The optional part of the stack it belongs to; absent for the functions every stack has. */
  readonly feature?: Feature;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly trigger: FunctionTrigger;
  /** Configuration objects in the rules bucket it reads at run time. */
  readonly reads: readonly ConfigObject[];
  /**
   * Async invocations that still fail after Lambda's retries go to the function's own failure queue
   * (an on-failure destination) instead of being dropped; absent for the others.
   */
  readonly failureQueue?: boolean;
  /** The namespace of the metrics it publishes (EMF); absent for functions that publish none. */
  readonly metricsNamespace?: keyof typeof METRIC_NAMESPACES;
}

/** Runtime and architecture of every function. */
export const LAMBDA_RUNTIME = 'nodejs22.x';
export const LAMBDA_ARCHITECTURE = 'arm64';
/** The bundle of each function has `index.mjs` exporting `handler` at the root of its zip. */
export const LAMBDA_HANDLER = 'index.handler';

/** Where `npm run build` leaves a function's bundle; `package` zips this folder. */
export function handlerDir(name: FunctionName): string {
  return `dist/lambdas/${name}/`;
}

export const FUNCTIONS: readonly LambdaFunctionSpec[] = [
  {
    name: 'detector',
    id: 'Detector',
    description: 'Evaluates CloudTrail events against the rules and publishes violations',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'cloudtrail' },
    reads: ['rules', 'suppress'],
    // an event it could not evaluate or deliver is an IAM change nobody was told about: keep it
    failureQueue: true,
    metricsNamespace: 'monitor',
  },
  {
    name: 'sns-publisher',
    id: 'SnsPublisher',
    description: 'Formats violations and remediation results for the alerts topic',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'bus' },
    reads: ['notification'],
  },
  {
    name: 'slack-handler',
    id: 'SlackHandler',
    description: 'Posts violations and remediation results to Slack',
    feature: 'slack',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'bus' },
    reads: ['notification'],
  },
  {
    name: 'audit-logger',
    id: 'AuditLogger',
    description: 'Writes every violation and remediation result to the partitioned audit trail',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'bus' },
    reads: [],
  },
  {
    name: 'metrics-publisher',
    id: 'MetricsPublisher',
    description: 'Publishes violation and remediation metrics (EMF)',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'bus' },
    reads: [],
    metricsNamespace: 'monitor',
  },
  {
    name: 'remediator',
    id: 'Remediator',
    description: 'Undoes dangerous IAM changes under the configured safety controls',
    feature: 'remediation',
    memoryMb: 512,
    timeoutSeconds: 300,
    trigger: { kind: 'queue' },
    reads: ['remediator'],
    metricsNamespace: 'monitor',
  },
  {
    name: 'athena-table-creator',
    id: 'AthenaTableCreator',
    description: 'Creates the Athena analytics views at deploy time',
    feature: 'athena',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: { kind: 'deploy' },
    reads: [],
  },
  {
    name: 'analytics-scheduler',
    id: 'AnalyticsScheduler',
    description: 'Runs the analytics views hourly and publishes their metrics',
    feature: 'athena',
    memoryMb: 256,
    timeoutSeconds: 300,
    trigger: { kind: 'schedule', expression: 'rate(1 hour)' },
    reads: [],
    metricsNamespace: 'analytics',
  },
];

/** The functions this configuration deploys, in FUNCTION_NAMES order. */
export function enabledFunctions(config: IamGuardConfig): readonly LambdaFunctionSpec[] {
  return FUNCTIONS.filter((spec) => spec.feature === undefined || config[spec.feature].enabled);
}

/** The spec of one function by name. */
export function functionSpec(name: FunctionName): LambdaFunctionSpec {
  const spec = FUNCTIONS.find((candidate) => candidate.name === name);
  if (!spec)
    throw new IamGuardError(`Unknown function ${name}`, { code: 'FunctionUnknown', kind: 'internal' });
  return spec;
}

/** Logical ids of everything that exists once per function. */
export function functionIds(spec: Pick<LambdaFunctionSpec, 'id'>): {
  readonly fn: string;
  readonly role: string;
  readonly logGroup: string;
  readonly codeKey: string;
  readonly errorsAlarm: string;
  readonly invokeConfig: string;
  readonly failureQueue: string;
  readonly failureQueuePolicy: string;
  readonly failureQueueAlarm: string;
} {
  return {
    fn: `${spec.id}Function`,
    role: `${spec.id}Role`,
    logGroup: `${spec.id}LogGroup`,
    codeKey: `${spec.id}CodeKey`,
    errorsAlarm: `${spec.id}ErrorsAlarm`,
    invokeConfig: `${spec.id}EventInvokeConfig`,
    failureQueue: `${spec.id}FailureQueue`,
    failureQueuePolicy: `${spec.id}FailureQueuePolicy`,
    failureQueueAlarm: `${spec.id}FailureQueueAlarm`,
  };
}

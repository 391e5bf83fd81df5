/**
 * The CloudFormation adapter: the calls `deploy`, `status` and `destroy` make, in domain shapes (no SDK
 * types leak out). A stack that does not exist is `undefined`, not an error; a change set already gone
 * is fine to delete again. Everything else becomes an `AwsError` naming the call.
 */
import {
  type Change,
  ChangeSetNotFoundException,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { sdkErrorName, toAwsError } from './errors.js';

/** Every IAM action this adapter's methods need; all of them accept a `stack` resource ARN. */
export const CLOUDFORMATION_CALLS = [
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:CreateChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:DeleteStack',
] as const;
export type CloudFormationCall = (typeof CLOUDFORMATION_CALLS)[number];

/** A stack as `DescribeStacks` reports it. */
export interface StackSummary {
  /** The stack ARN: stays valid (and describable) after the stack is deleted, unlike the name. */
  readonly id: string;
  readonly name: string;
  /** e.g. `CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, `REVIEW_IN_PROGRESS`. */
  readonly status: string;
  readonly statusReason?: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
}

/** What a change set is asked to do. Exactly one of `templateBody` and `templateUrl`. */
export interface ChangeSetRequest {
  readonly stackName: string;
  readonly changeSetName: string;
  /** `CREATE` for a stack that does not exist yet (or is in `REVIEW_IN_PROGRESS`). */
  readonly type: 'CREATE' | 'UPDATE';
  readonly templateBody?: string;
  /** An S3 URL: templates over 51,200 bytes must be passed this way. */
  readonly templateUrl?: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly description?: string;
}

/** One attribute change that makes a resource change (a property, tags, metadata…). */
export interface ResourceChangeDetail {
  /** `Properties`, `Tags`, `Metadata`… */
  readonly attribute?: string;
  /** The property name, for `Properties`. */
  readonly name?: string;
  /** `Never`, `Conditionally` or `Always`. */
  readonly requiresRecreation?: string;
}

/** One resource a change set adds, modifies or removes. */
export interface ResourceChange {
  /** `Add`, `Modify`, `Remove`, `Import` or `Dynamic`. */
  readonly action: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  /** For `Modify`: `True` (replaced), `Conditional` (may be) or `False`. */
  readonly replacement?: string;
  readonly scope: readonly string[];
  readonly details: readonly ResourceChangeDetail[];
}

/** A change set with all its changes (every page). */
export interface ChangeSetDescription {
  readonly id: string;
  readonly stackId: string;
  /** `CREATE_PENDING`, `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`, `FAILED`… */
  readonly status: string;
  readonly executionStatus?: string;
  readonly statusReason?: string;
  readonly changes: readonly ResourceChange[];
}

/** One stack event. */
export interface StackEventSummary {
  readonly id: string;
  readonly timestamp: Date;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
  /** The token of the operation that caused it: how one operation's events are told from older ones. */
  readonly clientRequestToken?: string;
}

/** The CloudFormation calls of the operator commands. */
export interface CloudFormationAdapter {
  readonly calls: typeof CLOUDFORMATION_CALLS;
  /** The stack by name or ARN, or `undefined` when it does not exist. */
  describeStack(stack: string): Promise<StackSummary | undefined>;
  /** Starts creating a change set; poll `describeChangeSet` until it is no longer pending. */
  createChangeSet(request: ChangeSetRequest): Promise<{ readonly id: string; readonly stackId: string }>;
  describeChangeSet(changeSetId: string): Promise<ChangeSetDescription>;
  /** Starts the change; events of the operation carry `clientRequestToken`. */
  executeChangeSet(changeSetId: string, clientRequestToken: string): Promise<void>;
  /** Deletes a change set; one already gone counts as deleted. */
  deleteChangeSet(changeSetId: string): Promise<void>;
  /**
   * The stack's events, newest first, reading older pages only until `isOlder(event)` says an event
   * belongs to what was already seen (that event and everything after it are left out).
   */
  stackEvents(stackId: string, isOlder: (event: StackEventSummary) => boolean): Promise<StackEventSummary[]>;
  /** Starts deleting the stack; its events carry `clientRequestToken`. */
  deleteStack(stackId: string, clientRequestToken: string): Promise<void>;
}

/**
 * Creates the adapter.
 *
 * @example
 * const cloudFormation = createCloudFormationAdapter(clients.cloudFormation);
 * const stack = await cloudFormation.describeStack('iam-guard');
 */
export function createCloudFormationAdapter(client: CloudFormationClient): CloudFormationAdapter {
  return {
    calls: CLOUDFORMATION_CALLS,
    async describeStack(stack) {
      const found = await describeStackRecord(client, stack);
      return found === undefined ? undefined : toStackSummary(found);
    },

    async createChangeSet(request) {
      try {
        const output = await client.send(
          new CreateChangeSetCommand({
            StackName: request.stackName,
            ChangeSetName: request.changeSetName,
            ChangeSetType: request.type,
            ...(request.templateBody === undefined ? {} : { TemplateBody: request.templateBody }),
            ...(request.templateUrl === undefined ? {} : { TemplateURL: request.templateUrl }),
            Parameters: Object.entries(request.parameters).map(([key, value]) => ({
              ParameterKey: key,
              ParameterValue: value,
            })),
            Tags: Object.entries(request.tags).map(([key, value]) => ({ Key: key, Value: value })),
            Capabilities: ['CAPABILITY_NAMED_IAM'],
            ...(request.description === undefined ? {} : { Description: request.description }),
          }),
        );
        return { id: output.Id ?? '', stackId: output.StackId ?? '' };
      } catch (error) {
        throw toAwsError(error, 'cloudformation:CreateChangeSet');
      }
    },

    async describeChangeSet(changeSetId) {
      const changes: ResourceChange[] = [];
      let nextToken: string | undefined;
      try {
        for (;;) {
          const output = await client.send(
            new DescribeChangeSetCommand({
              ChangeSetName: changeSetId,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          );
          changes.push(...(output.Changes ?? []).flatMap(toResourceChange));
          nextToken = output.NextToken;
          if (nextToken === undefined) {
            return {
              id: output.ChangeSetId ?? changeSetId,
              stackId: output.StackId ?? '',
              status: output.Status ?? 'UNKNOWN',
              ...(output.ExecutionStatus === undefined ? {} : { executionStatus: output.ExecutionStatus }),
              ...(output.StatusReason === undefined ? {} : { statusReason: output.StatusReason }),
              changes,
            };
          }
        }
      } catch (error) {
        throw toAwsError(error, 'cloudformation:DescribeChangeSet');
      }
    },

    async executeChangeSet(changeSetId, clientRequestToken) {
      try {
        await client.send(
          new ExecuteChangeSetCommand({ ChangeSetName: changeSetId, ClientRequestToken: clientRequestToken }),
        );
      } catch (error) {
        throw toAwsError(error, 'cloudformation:ExecuteChangeSet');
      }
    },

    async deleteChangeSet(changeSetId) {
      try {
        await client.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId }));
      } catch (error) {
        if (error instanceof ChangeSetNotFoundException) return;
        throw toAwsError(error, 'cloudformation:DeleteChangeSet');
      }
    },

    async stackEvents(stackId, isOlder) {
      const events: StackEventSummary[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const output = await client.send(
            new DescribeStackEventsCommand({
              StackName: stackId,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          );
          for (const event of (output.StackEvents ?? []).map(toEventSummary)) {
            if (isOlder(event)) return events;
            events.push(event);
          }
          nextToken = output.NextToken;
        } while (nextToken !== undefined);
        return events;
      } catch (error) {
        throw toAwsError(error, 'cloudformation:DescribeStackEvents');
      }
    },

    async deleteStack(stackId, clientRequestToken) {
      try {
        await client.send(
          new DeleteStackCommand({ StackName: stackId, ClientRequestToken: clientRequestToken }),
        );
      } catch (error) {
        throw toAwsError(error, 'cloudformation:DeleteStack');
      }
    },
  };
}

/**
 * The one `DescribeStacks` call of the CLI: the stack as the SDK returns it, or `undefined` when it
 * does not exist; any other failure becomes an `AwsError` naming the call. Adapters in this folder map
 * it to their own shapes (`describeStack` here, the outputs reader in `cloudformation-outputs.ts`).
 *
 * @example
 * const stack = await describeStackRecord(clients.cloudFormation, 'iam-guard');
 */
export async function describeStackRecord(
  client: CloudFormationClient,
  stack: string,
): Promise<Stack | undefined> {
  try {
    const output = await client.send(new DescribeStacksCommand({ StackName: stack }));
    return output.Stacks?.[0];
  } catch (error) {
    if (isStackMissing(error)) return undefined;
    throw toAwsError(error, 'cloudformation:DescribeStacks');
  }
}

/** CloudFormation answers a missing stack with a generic `ValidationError` that says so in words. */
function isStackMissing(error: unknown): boolean {
  return (
    sdkErrorName(error) === 'ValidationError' &&
    error instanceof Error &&
    /does not exist/i.test(error.message)
  );
}

function toStackSummary(stack: Stack): StackSummary {
  return {
    id: stack.StackId ?? '',
    name: stack.StackName ?? '',
    status: stack.StackStatus ?? 'UNKNOWN',
    ...(stack.StackStatusReason === undefined ? {} : { statusReason: stack.StackStatusReason }),
    outputs: Object.fromEntries(
      (stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
    ),
    tags: Object.fromEntries((stack.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    ...(stack.CreationTime === undefined ? {} : { createdAt: stack.CreationTime }),
    ...(stack.LastUpdatedTime === undefined ? {} : { updatedAt: stack.LastUpdatedTime }),
  };
}

function toResourceChange(change: Change): ResourceChange[] {
  const resource = change.ResourceChange;
  if (change.Type !== 'Resource' || resource === undefined) return [];
  return [
    {
      action: resource.Action ?? 'Dynamic',
      logicalId: resource.LogicalResourceId ?? '',
      ...(resource.PhysicalResourceId === undefined ? {} : { physicalId: resource.PhysicalResourceId }),
      resourceType: resource.ResourceType ?? '',
      ...(resource.Replacement === undefined ? {} : { replacement: resource.Replacement }),
      scope: resource.Scope ?? [],
      details: (resource.Details ?? []).map((detail) => ({
        ...(detail.Target?.Attribute === undefined ? {} : { attribute: detail.Target.Attribute }),
        ...(detail.Target?.Name === undefined ? {} : { name: detail.Target.Name }),
        ...(detail.Target?.RequiresRecreation === undefined
          ? {}
          : { requiresRecreation: detail.Target.RequiresRecreation }),
      })),
    },
  ];
}

function toEventSummary(event: StackEvent): StackEventSummary {
  return {
    id: event.EventId ?? '',
    timestamp: event.Timestamp ?? new Date(0),
    logicalId: event.LogicalResourceId ?? '',
    ...(event.PhysicalResourceId === undefined ? {} : { physicalId: event.PhysicalResourceId }),
    resourceType: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    ...(event.ResourceStatusReason === undefined ? {} : { reason: event.ResourceStatusReason }),
    ...(event.ClientRequestToken === undefined ? {} : { clientRequestToken: event.ClientRequestToken }),
  };
}

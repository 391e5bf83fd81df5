/**
 * Reads a deployed stack's outputs (`DescribeStacks`), so CLI commands find the stack's resources
 * (Athena workgroup, database, buckets) by output key instead of re-deriving names. A stack that does
 * not exist is an outcome (`absent`), not an error: CloudFormation reports it as a `ValidationError`
 * whose message says so, which `describeStackRecord` (the one `DescribeStacks` call path, shared with
 * the CloudFormation adapter) translates at the edge.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeStackRecord } from './cloudformation.js';

/** The CloudFormation API calls this adapter makes, as IAM actions. */
export const CLOUDFORMATION_OUTPUTS_CALLS = ['cloudformation:DescribeStacks'] as const;

/** A stack's outputs by key, with its status (`CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`…). */
export type StackOutputsRead =
  | {
      readonly kind: 'found';
      readonly stackName: string;
      readonly status: string;
      readonly outputs: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'absent' };

/** Reads stack outputs; only `cloudformation:DescribeStacks`. */
export interface StackOutputsReader {
  readonly calls: readonly string[];
  read(stackName: string): Promise<StackOutputsRead>;
}

/**
 * Wraps a CloudFormation client (built in `clients.ts`, or a mock in tests).
 *
 * @example
 * const stacks = createStackOutputsReader(clients.cloudFormation);
 * const stack = await stacks.read('iam-guard');
 * if (stack.kind === 'found') console.log(stack.outputs.AthenaWorkGroup);
 */
export function createStackOutputsReader(client: CloudFormationClient): StackOutputsReader {
  return {
    calls: CLOUDFORMATION_OUTPUTS_CALLS,
    async read(stackName: string): Promise<StackOutputsRead> {
      const stack = await describeStackRecord(client, stackName);
      if (stack === undefined) return { kind: 'absent' };
      const outputs: Record<string, string> = {};
      for (const entry of stack.Outputs ?? []) {
        if (entry.OutputKey !== undefined && entry.OutputValue !== undefined) {
          outputs[entry.OutputKey] = entry.OutputValue;
        }
      }
      return {
        kind: 'found',
        stackName: stack.StackName ?? stackName,
        status: stack.StackStatus ?? 'UNKNOWN',
        outputs,
      };
    },
  };
}

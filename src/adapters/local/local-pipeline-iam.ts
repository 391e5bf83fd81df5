/**
 * IAM as the local pipeline sees it: not at all. `simulate --pipeline` runs without an AWS account, so
 * every read answers that nothing is known (`absent`: the detector judges a new default policy version
 * alone, as `simulate` does, and the remediator plans without a policy's attachments), and every
 * change is refused. The pipeline's remediator runs with dry-run forced, so a refused change would be
 * a bug in iam-guard, reported as one.
 */
import { IamGuardError } from '../../core/errors.js';
import type { IamReader, IamRemediator } from '../../core/ports.js';

/** A change was attempted in plan-only mode. */
export class OfflineIamChangeError extends IamGuardError {
  constructor(call: string) {
    super(`${call} was attempted in the local pipeline, which only plans (dry-run is forced)`, {
      code: 'OfflineIamChange',
      kind: 'internal',
    });
    this.name = 'OfflineIamChangeError';
  }
}

/**
 * Creates the offline IAM port.
 *
 * @example
 * const iam = createOfflineIam();
 * await iam.listPolicyVersions({ policyArn }); // { kind: 'absent' }
 */
export function createOfflineIam(): IamRemediator & IamReader {
  const refuse = (call: string) => async (): Promise<never> => {
    throw new OfflineIamChangeError(call);
  };
  return {
    detachManagedPolicy: refuse('iam:Detach*Policy'),
    deleteInlinePolicy: refuse('iam:Delete*Policy'),
    deletePolicyVersion: refuse('iam:DeletePolicyVersion'),
    deletePolicy: refuse('iam:DeletePolicy'),
    deactivateAccessKey: refuse('iam:UpdateAccessKey'),
    deleteLoginProfile: refuse('iam:DeleteLoginProfile'),
    getInlinePolicy: async () => ({ kind: 'absent' }),
    getPolicyVersion: async () => ({ kind: 'absent' }),
    listEntitiesForPolicy: async () => ({ kind: 'absent' }),
    listPolicyVersions: async () => ({ kind: 'absent' }),
  };
}

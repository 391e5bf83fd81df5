/**
 * Known AWS IAM privilege-escalation paths: single actions and combinations with which a principal
 * can give itself more access than its policy states. The table follows the published research:
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (methods 1–21) and
 *   its Part 2 (CodeStar, SageMaker), as implemented in Pacu's `iam__privesc_scan`;
 * - Bishop Fox, "Privilege escalation in AWS" and the IAM Vulnerable playground (CodeBuild,
 *   SageMaker jobs, CloudFormation UpdateStack, SSM, EC2 Instance Connect, sts:AssumeRole).
 * Every action below exists in the catalogue (checked by tests).
 */
import type { ActionGrants, Grant } from './grants.js';

const RHINO_1 = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const RHINO_2 = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/';
const BISHOP_FOX = 'https://github.com/BishopFox/iam-vulnerable';

export interface EscalationPath {
  /** Stable id, used in finding keys: `privilege-escalation:<id>`. */
  readonly id: string;
  /** Every group must be granted; within a group any one action suffices. Catalogue spelling. */
  readonly requires: readonly (readonly string[])[];
  /** One line for the alert: what the holder can do with it. */
  readonly explanation: string;
  readonly reference: string;
  /**
   * Acting on other users is the escalation; on oneself it is self-service. Not reported when every
   * grant of the action is scoped to `${aws:username}`.
   */
  readonly selfServiceExempt?: boolean;
  /** Only grants on every resource count (an `sts:AssumeRole` on named roles is ordinary delegation). */
  readonly onlyOnAllResources?: boolean;
}

/** The escalation paths iam-guard reports as `privilege-escalation` findings. */
export const ESCALATION_PATHS: readonly EscalationPath[] = [
  {
    id: 'iam-create-policy-version',
    requires: [['iam:CreatePolicyVersion']],
    explanation: 'can write a new default version of a managed policy, granting anything',
    reference: RHINO_1,
  },
  {
    id: 'iam-set-default-policy-version',
    requires: [['iam:SetDefaultPolicyVersion']],
    explanation: 'can make an older, broader version of a managed policy the default',
    reference: RHINO_1,
  },
  {
    id: 'ec2-run-instances-pass-role',
    requires: [['iam:PassRole'], ['ec2:RunInstances']],
    explanation: 'new EC2 instance runs with any passable role; its credentials are readable on the instance',
    reference: RHINO_1,
  },
  {
    id: 'iam-create-access-key',
    requires: [['iam:CreateAccessKey']],
    explanation: 'can create access keys for other users and act as them',
    reference: RHINO_1,
    selfServiceExempt: true,
  },
  {
    id: 'iam-create-login-profile',
    requires: [['iam:CreateLoginProfile']],
    explanation: 'can give other users a console password and sign in as them',
    reference: RHINO_1,
    selfServiceExempt: true,
  },
  {
    id: 'iam-update-login-profile',
    requires: [['iam:UpdateLoginProfile']],
    explanation: "can change other users' console passwords and sign in as them",
    reference: RHINO_1,
    selfServiceExempt: true,
  },
  {
    id: 'iam-attach-user-policy',
    requires: [['iam:AttachUserPolicy']],
    explanation: 'can attach any managed policy (AdministratorAccess) to a user, itself included',
    reference: RHINO_1,
  },
  {
    id: 'iam-attach-group-policy',
    requires: [['iam:AttachGroupPolicy']],
    explanation: 'can attach any managed policy to a group it belongs to',
    reference: RHINO_1,
  },
  {
    id: 'iam-attach-role-policy',
    requires: [['iam:AttachRolePolicy']],
    explanation: 'can attach any managed policy to a role it uses or can assume',
    reference: RHINO_1,
  },
  {
    id: 'iam-put-user-policy',
    requires: [['iam:PutUserPolicy']],
    explanation: 'can write an inline policy granting anything to a user, itself included',
    reference: RHINO_1,
  },
  {
    id: 'iam-put-group-policy',
    requires: [['iam:PutGroupPolicy']],
    explanation: 'can write an inline policy granting anything to a group it belongs to',
    reference: RHINO_1,
  },
  {
    id: 'iam-put-role-policy',
    requires: [['iam:PutRolePolicy']],
    explanation: 'can write an inline policy granting anything to a role it uses or can assume',
    reference: RHINO_1,
  },
  {
    id: 'iam-add-user-to-group',
    requires: [['iam:AddUserToGroup']],
    explanation: 'can add itself to a more privileged group',
    reference: RHINO_1,
  },
  {
    id: 'iam-update-assume-role-policy',
    requires: [['iam:UpdateAssumeRolePolicy']],
    explanation: "can rewrite a role's trust policy to let itself assume the role",
    reference: RHINO_1,
  },
  {
    id: 'lambda-create-function-pass-role',
    requires: [['iam:PassRole'], ['lambda:CreateFunction']],
    explanation: 'new Lambda runs as any passable role once invoked or triggered',
    reference: RHINO_1,
  },
  {
    id: 'lambda-update-function-code',
    requires: [['lambda:UpdateFunctionCode']],
    explanation: "can replace an existing function's code and act with its role",
    reference: RHINO_1,
  },
  {
    id: 'glue-create-dev-endpoint-pass-role',
    requires: [['iam:PassRole'], ['glue:CreateDevEndpoint']],
    explanation: 'new Glue dev endpoint runs with any passable role and is reachable over SSH',
    reference: RHINO_1,
  },
  {
    id: 'glue-update-dev-endpoint',
    requires: [['glue:UpdateDevEndpoint']],
    explanation: "can add its SSH key to an existing Glue dev endpoint and use the endpoint's role",
    reference: RHINO_1,
  },
  {
    id: 'cloudformation-create-stack-pass-role',
    requires: [['iam:PassRole'], ['cloudformation:CreateStack']],
    explanation: 'new CloudFormation stack creates resources with any passable role',
    reference: RHINO_1,
  },
  {
    id: 'datapipeline-pass-role',
    requires: [['iam:PassRole'], ['datapipeline:CreatePipeline'], ['datapipeline:PutPipelineDefinition']],
    explanation: 'new Data Pipeline runs commands with any passable role',
    reference: RHINO_1,
  },
  {
    id: 'codestar-create-project-pass-role',
    requires: [['iam:PassRole'], ['codestar:CreateProject']],
    explanation: 'new CodeStar project is provisioned with any passable role',
    reference: RHINO_2,
  },
  {
    id: 'codestar-associate-team-member',
    requires: [['codestar:CreateProject'], ['codestar:AssociateTeamMember']],
    explanation: "can make itself owner of a new CodeStar project and gain the project's IAM policies",
    reference: RHINO_2,
  },
  {
    id: 'sagemaker-notebook-pass-role',
    requires: [
      ['iam:PassRole'],
      ['sagemaker:CreateNotebookInstance'],
      ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    ],
    explanation: 'new SageMaker notebook runs with any passable role and opens in the browser',
    reference: RHINO_2,
  },
  {
    id: 'sagemaker-presigned-notebook-url',
    requires: [['sagemaker:CreatePresignedNotebookInstanceUrl']],
    explanation: 'can open existing SageMaker notebooks and use their roles',
    reference: RHINO_2,
  },
  {
    id: 'sagemaker-training-job-pass-role',
    requires: [['iam:PassRole'], ['sagemaker:CreateTrainingJob']],
    explanation: 'new SageMaker training job runs its container with any passable role',
    reference: BISHOP_FOX,
  },
  {
    id: 'sagemaker-processing-job-pass-role',
    requires: [['iam:PassRole'], ['sagemaker:CreateProcessingJob']],
    explanation: 'new SageMaker processing job runs its container with any passable role',
    reference: BISHOP_FOX,
  },
  {
    id: 'codebuild-create-project-pass-role',
    requires: [
      ['iam:PassRole'],
      ['codebuild:CreateProject'],
      ['codebuild:StartBuild', 'codebuild:StartBuildBatch'],
    ],
    explanation: 'new CodeBuild project runs its build with any passable role',
    reference: BISHOP_FOX,
  },
  {
    id: 'cloudformation-update-stack',
    requires: [['cloudformation:UpdateStack']],
    explanation: "can change an existing stack's template, applied with the stack's service role",
    reference: BISHOP_FOX,
  },
  {
    id: 'ec2-instance-connect-send-ssh-public-key',
    requires: [['ec2-instance-connect:SendSSHPublicKey']],
    explanation: 'can log in to EC2 instances and use their instance profile roles',
    reference: BISHOP_FOX,
  },
  {
    id: 'ssm-send-command',
    requires: [['ssm:SendCommand']],
    explanation: 'can run commands on managed instances and use their instance profile roles',
    reference: BISHOP_FOX,
  },
  {
    id: 'ssm-start-session',
    requires: [['ssm:StartSession']],
    explanation: 'can open shells on managed instances and use their instance profile roles',
    reference: BISHOP_FOX,
  },
  {
    id: 'sts-assume-role-any',
    requires: [['sts:AssumeRole']],
    explanation: 'can assume any role whose trust policy trusts this account',
    reference: BISHOP_FOX,
    onlyOnAllResources: true,
  },
];

/** An escalation path the policy allows, with the actions and statements that allow it. */
export interface EscalationMatch {
  readonly path: EscalationPath;
  /** One granted action per required group, in catalogue spelling. */
  readonly actions: readonly string[];
  /** For each of `actions`, the statements granting it. */
  readonly grants: readonly (readonly Grant[])[];
}

function grantFilter(path: EscalationPath): ((grant: Grant) => boolean) | undefined {
  if (path.onlyOnAllResources === true) return (grant) => grant.allResources;
  if (path.selfServiceExempt === true) return (grant) => !grant.selfScoped;
  return undefined;
}

/**
 * The escalation paths the grants allow: every required group has at least one action granted (and
 * not cancelled by an unconditional Deny). Statements are combined across the document: `iam:PassRole`
 * in one statement and `lambda:CreateFunction` in another is the same path.
 */
export function findEscalations(
  grants: ActionGrants,
  paths: readonly EscalationPath[] = ESCALATION_PATHS,
): EscalationMatch[] {
  const matches: EscalationMatch[] = [];
  for (const path of paths) {
    const filter = grantFilter(path);
    const hits: { action: string; grants: readonly Grant[] }[] = [];
    for (const group of path.requires) {
      const hit = group
        .map((action) => ({ action, grants: grants.grantsOf(action, filter) }))
        .find((h) => h.grants.length > 0);
      if (hit === undefined) break;
      hits.push(hit);
    }
    if (hits.length === path.requires.length) {
      matches.push({ path, actions: hits.map((h) => h.action), grants: hits.map((h) => h.grants) });
    }
  }
  return matches;
}

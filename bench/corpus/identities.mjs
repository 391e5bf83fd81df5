/**
 * The callers of the synthetic account 111122223333: the people, pipelines, workloads and AWS
 * services whose calls fill a real trail. `userIdentity` shapes follow the CloudTrail userIdentity
 * reference and the records in examples/ (IAM user, assumed role with sessionIssuer, SSO permission
 * set, GitHub OIDC web identity, AWS service); IPs are documentation ranges for people and CI, AWS
 * public ranges for workloads, and service names where CloudTrail writes them.
 */

export const ACCOUNT = '111122223333';

const BOTO3 =
  'Boto3/1.34.62 md/Botocore#1.34.62 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.9.16 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.62';
const TERRAFORM =
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.3 os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64 api/iam#1.31.2';
const AWS_CLI =
  'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off';
const CONSOLE =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36';
const LAMBDA_SDK =
  'aws-sdk-js/3.540.0 ua/2.1 os/linux#5.10.213-225.858.amzn2.x86_64 lang/js md/nodejs#20.11.1 api/kms#3.540.0 exec-env/AWS_Lambda_nodejs20.x m/F,e';

/** Session context of an assumed role, as CloudTrail writes it. */
function roleSession(roleName, rolePath, roleId, creationDate, extra = {}) {
  return {
    sessionIssuer: {
      type: 'Role',
      principalId: roleId,
      arn: `arn:aws:iam::${ACCOUNT}:role${rolePath}${roleName}`,
      accountId: ACCOUNT,
      userName: roleName,
    },
    ...extra,
    attributes: { creationDate, mfaAuthenticated: 'false' },
  };
}

function assumedRole({ roleName, rolePath = '/', roleId, session, keyId, creationDate, invokedBy, extra }) {
  const identity = {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: keyId,
    sessionContext: roleSession(roleName, rolePath, roleId, creationDate, extra),
  };
  if (invokedBy !== undefined) identity.invokedBy = invokedBy;
  return identity;
}

function iamUser(userName, userId, keyId) {
  return {
    type: 'IAMUser',
    principalId: userId,
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    accountId: ACCOUNT,
    accessKeyId: keyId,
    userName,
  };
}

/** The hour the session started: the record's time floored to the hour. */
function sessionStart(eventTime) {
  return `${eventTime.slice(0, 13)}:00:00Z`;
}

/**
 * Callers by name. `identity(time, random)` builds the userIdentity; `ip` and `agent` say where
 * and with what the calls come from; `console` marks console sessions (CloudTrail adds
 * `sessionCredentialFromConsole`).
 */
export const CALLERS = {
  ssoAdmin: {
    identity: (time, random) =>
      assumedRole({
        roleName: 'AWSReservedSSO_AdministratorAccess_6a2c3f1b9d4e8a07',
        rolePath: '/aws-reserved/sso.amazonaws.com/',
        roleId: 'AROAQ7SSOADM1NEXAMPLE',
        session: 'jane.doe@example.com',
        keyId: `ASIAQ7SSO${random.upperAlnum(11)}`,
        creationDate: sessionStart(time),
      }),
    ip: (random) => `198.51.100.${random.between(10, 60)}`,
    agent: () => CONSOLE,
    console: true,
  },
  ssoReadOnly: {
    identity: (time, random) =>
      assumedRole({
        roleName: 'AWSReservedSSO_ReadOnlyAccess_0d9e4b7c2a1f6e53',
        rolePath: '/aws-reserved/sso.amazonaws.com/',
        roleId: 'AROAQ7SSOREAD0EXAMPLE',
        session: 'sam.lee@example.com',
        keyId: `ASIAQ7SSO${random.upperAlnum(11)}`,
        creationDate: sessionStart(time),
      }),
    ip: (random) => `192.0.2.${random.between(20, 90)}`,
    agent: () => CONSOLE,
    console: true,
  },
  githubDeploy: {
    identity: (time) =>
      assumedRole({
        roleName: 'github-actions-deploy',
        roleId: 'AROAT5GH7JK9L1EXAMPLE',
        session: 'GitHubActions',
        keyId: 'ASIAT5GH7JK9LEXAMPLE',
        creationDate: sessionStart(time),
        extra: {
          webIdFederationData: {
            federatedProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
            attributes: {},
          },
        },
      }),
    ip: () => '203.0.113.140',
    agent: () => TERRAFORM,
  },
  svcReporting: {
    identity: () => iamUser('svc-reporting', 'AIDAZ7QKMWRT5NEXAMPLE', 'AKIAZ7QKMWRT5EXAMPLE'),
    ip: () => '192.0.2.15',
    agent: () => BOTO3,
  },
  danielAdmin: {
    identity: () => iamUser('daniel.admin', 'AIDACKCEVSQ6C2EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'),
    ip: (random) => `198.51.100.${random.between(100, 120)}`,
    agent: () => AWS_CLI,
  },
  batchInstance: {
    identity: (time) =>
      assumedRole({
        roleName: 'batch-worker-ec2',
        roleId: 'AROAB4TCHW0RKEXAMPLE',
        session: 'i-0a1b2c3d4e5f60718',
        keyId: 'ASIAB4TCHW0RKEXAMPLE',
        creationDate: sessionStart(time),
        extra: { ec2RoleDelivery: '2.0' },
      }),
    ip: () => '3.89.144.38',
    agent: () => BOTO3,
  },
  invoiceLambda: {
    identity: (time) =>
      assumedRole({
        roleName: 'invoice-export-lambda',
        roleId: 'AROAX2INVC5EXPEXAMPLE',
        session: 'invoice-export',
        keyId: 'ASIAX2INVC5EXPEXAMPLE',
        creationDate: sessionStart(time),
      }),
    ip: () => '44.222.105.239',
    agent: () => LAMBDA_SDK,
  },
  /** KMS calls Lambda makes on a function's behalf (decrypting its environment). */
  lambdaService: {
    identity: (time) =>
      assumedRole({
        roleName: 'invoice-export-lambda',
        roleId: 'AROAX2INVC5EXPEXAMPLE',
        session: 'invoice-export',
        keyId: 'ASIAX2INVC5EXPEXAMPLE',
        creationDate: sessionStart(time),
        invokedBy: 'lambda.amazonaws.com',
      }),
    ip: () => 'lambda.amazonaws.com',
    agent: () => 'lambda.amazonaws.com',
  },
  /** CloudTrail checking its own bucket before delivering. */
  cloudTrailService: {
    identity: () => ({ type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }),
    ip: () => 'cloudtrail.amazonaws.com',
    agent: () => 'cloudtrail.amazonaws.com',
  },
};

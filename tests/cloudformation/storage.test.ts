import { describe, expect, it } from 'vitest';
import { projectionParameters } from '../../src/cloudformation/analytics.js';
import { resolveConfig, withAllFeatures } from '../../src/cloudformation/config.js';
import { tableDdl } from '../../src/core/analytics/table-ddl.js';
import { AUDIT_RECORD_COLUMNS } from '../../src/core/render/audit-record.js';
import { EVERYTHING, templateFor } from './support/configs.js';

type Props = Record<string, unknown>;

function propertiesOf(id: string, config = EVERYTHING): Props {
  const resource = templateFor(config).Resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties as Props;
}

describe('storageResources()', () => {
  it('makes the rules-and-logs bucket versioned, encrypted, private and owner-enforced', () => {
    // Act
    const bucket = propertiesOf('RulesBucket');

    // Assess
    expect(bucket).toMatchObject({
      BucketName: { 'Fn::Sub': `iam-guard-\${AWS::AccountId}-\${AWS::Region}` },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(templateFor(EVERYTHING).Resources.RulesBucket?.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request to either bucket that does not use TLS', () => {
    // Act
    const policies = ['RulesBucketPolicy', 'AthenaResultsBucketPolicy'].map(
      (id) => propertiesOf(id).PolicyDocument,
    );

    // Assess
    for (const policy of policies) {
      expect(policy).toMatchObject({
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      });
    }
  });

  it('expires the audit trail after the configured days, moving it to cheaper storage first when there is time', () => {
    // Prepare
    const shortLived = withAllFeatures(resolveConfig({ version: 1, auditLogs: { retentionDays: 60 } }));

    // Act
    const [defaultRule] = (propertiesOf('RulesBucket').LifecycleConfiguration as { Rules: Props[] }).Rules;
    const [shortRule] = (propertiesOf('RulesBucket', shortLived).LifecycleConfiguration as { Rules: Props[] })
      .Rules;

    // Assess
    expect(defaultRule).toMatchObject({
      Prefix: 'audit-logs/',
      ExpirationInDays: 365,
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
      ],
    });
    expect(shortRule).toMatchObject({
      ExpirationInDays: 60,
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
    });
  });

  it('keeps the remediation ledger in a pay-per-request table with a TTL attribute', () => {
    // Act
    const table = propertiesOf('RemediationLedgerTable');

    // Assess
    expect(table).toMatchObject({
      TableName: 'iam-guard-remediation-ledger',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });
});

describe('analyticsResources()', () => {
  it('defines the audit table with the audit record columns over the audit trail', () => {
    // Act
    const table = propertiesOf('AuditTable').TableInput as {
      Name: string;
      StorageDescriptor: Props;
      PartitionKeys: Props[];
    };

    // Assess
    expect(table.Name).toBe('audit_logs');
    expect((table.StorageDescriptor.Columns as { Name: string }[]).map((column) => column.Name)).toEqual([
      ...AUDIT_RECORD_COLUMNS,
    ]);
    expect(table.StorageDescriptor.Location).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: 'RulesBucket' }, '/audit-logs/']],
    });
    expect(table.PartitionKeys.map((key) => key.Name)).toEqual(['year', 'month', 'day', 'hour']);
    expect(propertiesOf('AuditDatabase').DatabaseInput).toMatchObject({ Name: 'iam_guard' });
  });

  it('projects partitions exactly as the Athena DDL of core/analytics does', () => {
    // Prepare
    const ddl = tableDdl({ bucket: 'example-bucket' });
    const fromDdl = Object.fromEntries(
      [...ddl.matchAll(/'([^']+)' = '([^']*)'/g)].map((match) => [match[1], match[2]]),
    );

    // Act
    const parameters = projectionParameters('s3://example-bucket/audit-logs/');

    // Assess
    const { 'storage.location.template': template, ...rest } = parameters;
    expect({
      ...rest,
      'storage.location.template': (template as { 'Fn::Join': [string, string[]] })['Fn::Join'][1].join(''),
    }).toEqual(
      Object.fromEntries(Object.entries(fromDdl).filter(([key]) => key !== 'ignore.malformed.json')),
    );
  });

  it('enforces the workgroup result location and a scan limit', () => {
    // Act
    const workGroup = propertiesOf('AthenaWorkGroup');

    // Assess
    expect(workGroup).toMatchObject({
      Name: 'iam-guard-analytics',
      RecursiveDeleteOption: true,
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: 'AthenaResultsBucket' }, '/results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
  });

  it('has the athena-table-creator create the views once the table and workgroup exist', () => {
    // Act
    const views = templateFor(EVERYTHING).Resources.AthenaViews;

    // Assess
    expect(views).toMatchObject({
      Type: 'Custom::AthenaViews',
      DependsOn: ['AuditTable', 'AthenaWorkGroup'],
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['AthenaTableCreatorFunction', 'Arn'] },
        ToolVersion: '1.2.3',
      },
    });
  });
});

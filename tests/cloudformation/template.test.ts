import { describe, expect, it } from 'vitest';
import { OUTPUT_KEYS } from '../../src/cloudformation/outputs.js';
import { buildTemplate, REQUIRED_REGION } from '../../src/cloudformation/template.js';
import { EVERYTHING, NOTHING_OPTIONAL, templateFor } from './support/configs.js';

describe('buildTemplate()', () => {
  it('says in its description and metadata that it belongs in us-east-1, and why', () => {
    // Act
    const template = templateFor(NOTHING_OPTIONAL);

    // Assess
    expect(REQUIRED_REGION).toBe('us-east-1');
    expect(template.Description).toContain('Deploy in us-east-1');
    expect(template.Description.length).toBeLessThanOrEqual(1024);
    expect(template.Metadata['iam-guard']).toMatchObject({
      version: '1.2.3',
      region: { required: 'us-east-1' },
      features: { slack: false, priorityAlerts: false, remediation: false, athena: false, testing: false },
    });
  });

  it('takes each function bundle from the artifact bucket under its own key parameter', () => {
    // Act
    const parameters = templateFor(NOTHING_OPTIONAL).Parameters;

    // Assess
    expect(Object.keys(parameters)).toEqual([
      'ArtifactBucket',
      'DetectorCodeKey',
      'SnsPublisherCodeKey',
      'AuditLoggerCodeKey',
      'MetricsPublisherCodeKey',
    ]);
  });

  it('outputs what report and selftest need, for the parts that exist', () => {
    // Act
    const core = Object.keys(templateFor(NOTHING_OPTIONAL).Outputs);
    const everything = Object.keys(templateFor(EVERYTHING).Outputs);

    // Assess
    expect(core).not.toContain(OUTPUT_KEYS.remediationQueueUrl);
    expect(everything).toEqual(expect.arrayContaining(Object.values(OUTPUT_KEYS)));
    expect(everything).toEqual(expect.arrayContaining(['DetectorFunctionName', 'RemediatorLogGroupName']));
  });

  it('uses the name prefix for every named resource', () => {
    // Prepare
    const config = { ...EVERYTHING, namePrefix: 'acme' };

    // Act
    const text = JSON.stringify(buildTemplate({ config }));

    // Assess
    expect(text).not.toContain('iam-guard-');
    expect(text).toContain('"FunctionName":"acme-detector"');
    expect(text).toContain('"Name":"acme"');
  });
});

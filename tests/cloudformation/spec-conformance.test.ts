import { describe, expect, it } from 'vitest';
import { EVERYTHING, NOTHING_OPTIONAL, SINGLE_FEATURES, templateFor } from './support/configs.js';
import { loadSpecification, specProblems } from './support/spec-conformance.js';

const spec = loadSpecification();

describe('buildTemplate() against the CloudFormation resource specification', () => {
  it.each([['nothing optional', NOTHING_OPTIONAL], ['everything', EVERYTHING], ...SINGLE_FEATURES] as const)(
    'uses only resource types, properties and attributes that exist (%s)',
    (_name, config) => {
      // Prepare
      const template = templateFor(config);

      // Act
      const problems = specProblems(template, spec);

      // Assess
      expect(problems).toEqual([]);
    },
  );

  it('reports misspelt properties, wrong primitive types, missing required properties and unknown attributes', () => {
    // Prepare
    const template = structuredClone(templateFor(NOTHING_OPTIONAL));
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    resources.RulesBucket!.Properties.Versioning = { Status: 'Enabled' };
    resources.EventBridgeDeadLetterQueue!.Properties.MessageRetentionPeriod = '1209600';
    delete resources.AlertsKeyAlias!.Properties.TargetKeyId;
    resources.Odd = {
      Type: 'AWS::SNS::Topic',
      Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['AlertsKey', 'Name'] } },
    };

    // Act
    const problems = specProblems(template, spec);

    // Assess
    expect(problems).toEqual([
      'RulesBucket.Versioning: no such property',
      'AlertsKeyAlias: required property TargetKeyId is missing',
      'EventBridgeDeadLetterQueue.MessageRetentionPeriod: expected Integer, got "1209600"',
      'Fn::GetAtt AlertsKey.Name: AWS::KMS::Key has no such attribute',
    ]);
  });
});

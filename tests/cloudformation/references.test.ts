import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTemplate, renderTemplate } from '../../src/cloudformation/template.js';
import type { CloudFormationTemplate } from '../../src/cloudformation/types.js';
import { EVERYTHING, NOTHING_OPTIONAL, SINGLE_FEATURES, templateFor } from './support/configs.js';
import { dependencyGraph, findCycle, referencesIn } from './support/template-references.js';

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
]);

/** References that name nothing in the template: `Ref`s to unknown ids, `GetAtt`s of non-resources. */
function danglingReferences(template: CloudFormationTemplate): string[] {
  const dangling: string[] = [];
  for (const reference of referencesIn({ resources: template.Resources, outputs: template.Outputs })) {
    const known =
      reference.kind === 'ref'
        ? reference.target in template.Resources ||
          reference.target in template.Parameters ||
          PSEUDO_PARAMETERS.has(reference.target)
        : reference.target in template.Resources;
    if (!known)
      dangling.push(
        reference.kind === 'ref' ? reference.target : `${reference.target}.${reference.attribute}`,
      );
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const target of resource.DependsOn ?? [])
      if (!(target in template.Resources)) dangling.push(`${id} DependsOn ${target}`);
  }
  return dangling;
}

const CONFIGURATIONS = [
  ['nothing optional', NOTHING_OPTIONAL],
  ['everything', EVERYTHING],
  ...SINGLE_FEATURES,
] as const;

describe('buildTemplate() references', () => {
  it.each(CONFIGURATIONS)('resolves every Ref, GetAtt, Sub variable and DependsOn (%s)', (_name, config) => {
    // Prepare
    const template = templateFor(config);

    // Act
    const dangling = danglingReferences(template);

    // Assess
    expect(dangling).toEqual([]);
  });

  it.each(CONFIGURATIONS)('has no dependency cycle CloudFormation would refuse (%s)', (_name, config) => {
    // Prepare
    const template = templateFor(config);

    // Act
    const cycle = findCycle(dependencyGraph(template));

    // Assess
    expect(cycle).toBeUndefined();
  });

  it.each(CONFIGURATIONS)('uses every parameter it declares (%s)', (_name, config) => {
    // Prepare
    const template = templateFor(config);

    // Act
    const used = new Set(referencesIn(template.Resources).map((reference) => reference.target));

    // Assess
    expect(Object.keys(template.Parameters).filter((name) => !used.has(name))).toEqual([]);
  });

  it('finds a dangling reference when one is introduced (the check itself works)', () => {
    // Prepare
    const template = structuredClone(templateFor(NOTHING_OPTIONAL));
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    resources.Broken = {
      Type: 'AWS::SNS::Topic',
      Properties: { KmsMasterKeyId: { 'Fn::Sub': `\${Missing.Arn}-\${!Literal}` } },
    };

    // Act
    const dangling = danglingReferences(template);

    // Assess
    expect(dangling).toEqual(['Missing.Arn']);
  });
});

describe('renderTemplate()', () => {
  it('prints JSON and YAML that parse back to the same template', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const json = renderTemplate(template, 'json');
    const yaml = renderTemplate(template, 'yaml');

    // Assess
    expect(JSON.parse(json)).toEqual(template);
    expect(parse(yaml)).toEqual(template);
    expect(yaml).not.toMatch(/[&*]a\d+\b/);
  });

  it('generates the same template for the same options', () => {
    // Prepare
    const options = { config: EVERYTHING, toolVersion: '1.2.3' };

    // Act
    const first = renderTemplate(buildTemplate(options), 'json');
    const second = renderTemplate(buildTemplate(options), 'json');

    // Assess
    expect(first).toBe(second);
  });
});

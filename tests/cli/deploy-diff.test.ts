import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../src/adapters/aws/cloudformation.js';
import {
  countChanges,
  formatChangeSet,
  isPermissionChange,
  summariseChanges,
} from '../../src/cli/commands/deploy/change-set-diff.js';
import { NO_PAINT } from '../../src/cli/io/io.js';

function change(overrides: Partial<ResourceChange>): ResourceChange {
  return {
    action: 'Modify',
    logicalId: 'Thing',
    resourceType: 'AWS::SNS::Topic',
    scope: [],
    details: [],
    ...overrides,
  };
}

describe('isPermissionChange()', () => {
  it.each([
    ['an IAM role', change({ resourceType: 'AWS::IAM::Role' })],
    ['a bucket policy', change({ resourceType: 'AWS::S3::BucketPolicy' })],
    ['a Lambda permission', change({ resourceType: 'AWS::Lambda::Permission' })],
    [
      'a key policy inside a KMS key',
      change({ resourceType: 'AWS::KMS::Key', details: [{ attribute: 'Properties', name: 'KeyPolicy' }] }),
    ],
  ])('marks %s', (_name, candidate) => {
    // Act
    const marked = isPermissionChange(candidate);

    // Assess
    expect(marked).toBe(true);
  });

  it('leaves a change to an ordinary property unmarked', () => {
    // Act
    const marked = isPermissionChange(
      change({ resourceType: 'AWS::Lambda::Function', details: [{ attribute: 'Properties', name: 'Code' }] }),
    );

    // Assess
    expect(marked).toBe(false);
  });
});

describe('countChanges()', () => {
  it('counts additions, modifications, removals, replacements and permission changes', () => {
    // Prepare
    const changes = [
      change({ action: 'Add', resourceType: 'AWS::IAM::Role' }),
      change({ action: 'Modify', replacement: 'True' }),
      change({ action: 'Modify', replacement: 'Conditional' }),
      change({ action: 'Modify', replacement: 'False' }),
      change({ action: 'Remove' }),
    ];

    // Act
    const counts = countChanges(changes);

    // Assess
    expect(counts).toEqual({ add: 1, modify: 3, remove: 1, replace: 2, iam: 1 });
  });
});

describe('summariseChanges()', () => {
  it('says when only outputs, parameters or tags change', () => {
    // Act
    const summary = summariseChanges([]);

    // Assess
    expect(summary).toBe('no resource changes (outputs, parameters or tags only)');
  });
});

describe('formatChangeSet()', () => {
  it('aligns one line per resource with its symbol, changed properties, replacement and [IAM] mark', () => {
    // Prepare
    const changes = [
      change({ action: 'Add', logicalId: 'RulesBucket', resourceType: 'AWS::S3::Bucket' }),
      change({
        logicalId: 'DetectorFunction',
        resourceType: 'AWS::Lambda::Function',
        replacement: 'Conditional',
        details: [
          { attribute: 'Properties', name: 'Code' },
          { attribute: 'Properties', name: 'Environment' },
          { attribute: 'Properties', name: 'Code' },
        ],
      }),
      change({ action: 'Remove', logicalId: 'OldRole', resourceType: 'AWS::IAM::Role' }),
    ];

    // Act
    const text = formatChangeSet(changes, NO_PAINT);

    // Assess
    expect(text.split('\n')).toEqual([
      '  1 to add, 1 to modify (1 replaced), 1 to remove; 1 changes permissions',
      '  + RulesBucket       AWS::S3::Bucket',
      '  ~ DetectorFunction  AWS::Lambda::Function  Code, Environment  may be replaced',
      '  - OldRole           AWS::IAM::Role         [IAM]',
      '',
      '  Permission changes (review these):',
      '  - OldRole           AWS::IAM::Role         [IAM]',
    ]);
  });
});

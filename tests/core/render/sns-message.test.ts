import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../../src/core/render/notification-config.js';
import {
  fitSubjectLine,
  renderSnsMessage,
  SNS_SUBJECT_MAX_LENGTH,
} from '../../../src/core/render/sns-message.js';
import { deletedInlinePolicyEvent, remediationEventOf, violationEventOf } from './notification-events.js';

const SNS = DEFAULT_NOTIFICATION_CONFIG.channels.sns;

describe('renderSnsMessage()', () => {
  it('renders a violation with the subject template and one line per configured field', () => {
    // Prepare
    const channel = {
      ...SNS,
      fields: ['severity', 'principal', 'target', 'evidence', 'correlation_id'] as const,
    };

    // Act
    const notification = renderSnsMessage(violationEventOf(), channel);

    // Assess
    expect(notification.subject).toBe(
      '[HIGH] iam-guard: AdminManagedPolicyAttached by Alice in 123456789012',
    );
    expect(notification.message).toBe(
      [
        'iam-guard detected a HIGH violation of IAM-001 AdminManagedPolicyAttached.',
        '',
        'Severity: HIGH',
        'Principal: arn:aws:iam::123456789012:user/Alice',
        'Target: bob',
        'Evidence:',
        '  - requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess',
        'Correlation id: c0ffee',
        '',
      ].join('\n'),
    );
  });

  it('shows only the fields the channel lists', () => {
    // Prepare
    const channel = { ...SNS, fields: ['rule_id'] as const };

    // Act
    const { message } = renderSnsMessage(violationEventOf(), channel);

    // Assess
    expect(message).toContain('Rule: IAM-001');
    expect(message).not.toContain('Principal');
    expect(message).not.toContain('Severity:');
  });

  it('renders a remediation result with its status, result and restore command', () => {
    // Act
    const { subject, message } = renderSnsMessage(deletedInlinePolicyEvent(), SNS);

    // Assess
    expect(subject).toBe('[SUCCESS] iam-guard remediation: delete_inline_policy for InlineAdminPolicy');
    expect(message).toContain('iam-guard remediation SUCCESS for IAM-003 InlineAdminPolicy.');
    expect(message).toContain('Remediation status: SUCCESS\n');
    expect(message).toContain('Result: Deleted inline policy everything of user bob.\n');
    expect(message).toContain(
      'To restore:\n  - aws iam put-user-policy --user-name bob --policy-name everything --policy-document file://policy.json\n',
    );
    expect(message).not.toContain('Error:');
  });

  it('includes the error of a failed remediation', () => {
    // Prepare
    const event = remediationEventOf(violationEventOf(), {
      status: 'FAILED',
      description: 'Failed to detach.',
      error: 'AccessDenied: not allowed',
    });

    // Act
    const { message } = renderSnsMessage(event, SNS);

    // Assess
    expect(message).toContain('Error: AccessDenied: not allowed\n');
  });

  it('keeps the subject within 99 characters, on one line, however long the rule name', () => {
    // Prepare
    const event = violationEventOf({ ruleName: `Very${'Long'.repeat(40)}\nName` });

    // Act
    const { subject } = renderSnsMessage(event, SNS);

    // Assess
    expect(Array.from(subject)).toHaveLength(SNS_SUBJECT_MAX_LENGTH);
    expect(subject.endsWith('...')).toBe(true);
    expect(subject).not.toMatch(/\p{Cc}/u);
  });
});

describe('fitSubjectLine()', () => {
  it('leaves a short one-line subject alone', () => {
    // Act
    const subject = fitSubjectLine('[HIGH] rule by Alice');

    // Assess
    expect(subject).toBe('[HIGH] rule by Alice');
  });

  it('joins lines and collapses control characters and runs of spaces', () => {
    // Act
    const subject = fitSubjectLine(' a\r\n\tb\u0007  c ');

    // Assess
    expect(subject).toBe('a b c');
  });

  it('cuts at a character boundary, never inside an emoji', () => {
    // Prepare
    const long = '🚨'.repeat(120);

    // Act
    const subject = fitSubjectLine(long);

    // Assess
    expect(Array.from(subject)).toHaveLength(99);
    expect(subject).toBe(`${'🚨'.repeat(96)}...`);
  });

  it('cuts to another limit when asked', () => {
    // Act
    const subject = fitSubjectLine('x'.repeat(200), 150);

    // Assess
    expect(subject).toHaveLength(150);
  });
});

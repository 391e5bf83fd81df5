import { describe, expect, it } from 'vitest';
import { renderTemplate, templatePlaceholders } from '../../../src/core/render/subject-template.js';
import { remediationEventOf, violationEventOf } from './notification-events.js';

describe('templatePlaceholders()', () => {
  it('lists the placeholder names in order, ignoring escaped braces', () => {
    // Act
    const names = templatePlaceholders('[{severity}] {{not}} { rule_name } {severity}');

    // Assess
    expect(names).toEqual(['severity', 'rule_name', 'severity']);
  });
});

describe('renderTemplate()', () => {
  it('fills placeholders with the event fields', () => {
    // Act
    const text = renderTemplate('[{severity}] {rule_name} by {principal_name}', violationEventOf());

    // Assess
    expect(text).toBe('[HIGH] AdminManagedPolicyAttached by Alice');
  });

  it('joins lists and leaves fields the event lacks empty', () => {
    // Act
    const text = renderTemplate('{mitre}|{status}|', violationEventOf({ mitre: ['T1098', 'T1078'] }));

    // Assess
    expect(text).toBe('T1098, T1078||');
  });

  it('writes literal braces for doubled ones and leaves unknown names as written', () => {
    // Act
    const text = renderTemplate(
      '{{x}} {bogus} {status}',
      remediationEventOf(violationEventOf(), { status: 'DRY_RUN', description: 'd' }),
    );

    // Assess
    expect(text).toBe('{x} {bogus} DRY_RUN');
  });
});

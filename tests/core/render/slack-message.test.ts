import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../../src/core/render/notification-config.js';
import {
  renderSlackMessage,
  SEVERITY_STYLES,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  STATUS_STYLES,
} from '../../../src/core/render/slack-message.js';
import type { Severity } from '../../../src/core/rules/types.js';
import { deletedInlinePolicyEvent, remediationEventOf, violationEventOf } from './notification-events.js';

const SLACK = DEFAULT_NOTIFICATION_CONFIG.channels.slack;

function blocksOf(message: SlackMessage): readonly SlackBlock[] {
  return message.attachments[0].blocks;
}

function texts(message: SlackMessage): string[] {
  return blocksOf(message).flatMap((block) => {
    if (block.type === 'header') return [block.text.text];
    if (block.type === 'context') return block.elements.map((e) => e.text);
    return 'fields' in block ? block.fields.map((f) => f.text) : [block.text.text];
  });
}

describe('renderSlackMessage()', () => {
  it.each([
    ['CRITICAL', '#8B0000', ':rotating_light:'],
    ['HIGH', '#E01E5A', ':red_circle:'],
    ['MEDIUM', '#ECB22E', ':large_orange_circle:'],
    ['LOW', '#36C5F0', ':large_blue_circle:'],
  ] as const)('colours a %s violation %s with %s', (severity: Severity, color, emoji) => {
    // Act
    const message = renderSlackMessage(violationEventOf({ severity }), SLACK);

    // Assess
    expect(message.attachments[0].color).toBe(color);
    expect(message.text).toBe(`${emoji} ${severity}: AdminManagedPolicyAttached by Alice`);
    expect(blocksOf(message)[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${emoji} ${severity}: AdminManagedPolicyAttached by Alice`,
        emoji: true,
      },
    });
  });

  it('gives every severity and status its own style', () => {
    // Act
    const colours = new Set(Object.values(SEVERITY_STYLES).map((style) => style.color));

    // Assess
    expect(colours.size).toBe(4);
    expect(STATUS_STYLES.SUCCESS.color).not.toBe(STATUS_STYLES.FAILED.color);
  });

  it('colours a remediation result by its outcome', () => {
    // Prepare
    const violation = violationEventOf({ severity: 'CRITICAL' });

    // Act
    const success = renderSlackMessage(
      remediationEventOf(violation, { status: 'SUCCESS', description: 'd' }),
      SLACK,
    );
    const failed = renderSlackMessage(
      remediationEventOf(violation, { status: 'FAILED', description: 'd' }),
      SLACK,
    );

    // Assess
    expect(success.attachments[0].color).toBe(STATUS_STYLES.SUCCESS.color);
    expect(success.text).toBe(
      ':white_check_mark: Remediation SUCCESS: detach_managed_policy for AdminManagedPolicyAttached',
    );
    expect(failed.attachments[0].color).toBe(STATUS_STYLES.FAILED.color);
  });

  it('lays out short fields side by side, long ones on their own and ids in the footer, in the configured order', () => {
    // Prepare
    const channel = {
      ...SLACK,
      fields: ['severity', 'principal', 'description', 'account', 'correlation_id'] as const,
    };

    // Act
    const blocks = blocksOf(renderSlackMessage(violationEventOf(), channel));

    // Assess
    expect(blocks.slice(1)).toEqual([
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Severity*\nHIGH' },
          { type: 'mrkdwn', text: '*Principal*\narn:aws:iam::123456789012:user/Alice' },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Description*\nAn AWS-managed administrator policy was attached' },
      },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Account*\n123456789012' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Correlation id: c0ffee' }] },
    ]);
  });

  it('shows only the configured fields, and leaves out those the event lacks', () => {
    // Prepare
    const channel = { ...SLACK, fields: ['rule_id', 'status', 'error'] as const };

    // Act
    const all = texts(renderSlackMessage(violationEventOf(), channel));

    // Assess
    expect(all.slice(1)).toEqual(['*Rule*\nIAM-001']);
  });

  it('lists evidence and restore commands as bullets', () => {
    // Prepare
    const channel = { ...SLACK, fields: ['restore'] as const };

    // Act
    const all = texts(renderSlackMessage(deletedInlinePolicyEvent(), channel));

    // Assess
    expect(all[1]).toBe(
      '*To restore*\n• aws iam put-user-policy --user-name bob --policy-name everything --policy-document file://policy.json',
    );
  });

  it('escapes the characters mrkdwn reserves, so event text cannot inject links or mentions', () => {
    // Prepare
    const event = violationEventOf({ description: 'grants <!channel> & <https://evil.example|click>' });
    const channel = { ...SLACK, fields: ['description', 'mitre'] as const };

    // Act
    const all = texts(renderSlackMessage(event, channel));

    // Assess
    expect(all[1]).toBe('*Description*\ngrants &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(all[2]).toBe('*MITRE ATT&amp;CK*\nT1098.003');
  });

  it("keeps every text within Slack's limits", () => {
    // Prepare
    const event = violationEventOf({
      ruleName: 'R'.repeat(400),
      description: '<'.repeat(5000),
      target: { type: 'user', name: '&'.repeat(3000), details: {} },
    });
    const channel = { ...SLACK, fields: ['rule_name', 'description', 'target'] as const };

    // Act
    const blocks = blocksOf(renderSlackMessage(event, channel));

    // Assess
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const block of blocks.slice(1)) {
      if (block.type === 'section' && 'fields' in block) {
        for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      } else if (block.type === 'section') {
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect(block.text.text.endsWith('&lt;…')).toBe(true);
      }
    }
  });

  it('puts at most 10 fields in one section', () => {
    // Prepare
    const channel = {
      ...SLACK,
      fields: [
        'severity',
        'rule_id',
        'rule_name',
        'category',
        'principal',
        'principal_name',
        'principal_type',
        'target',
        'target_type',
        'account',
        'region',
        'event_name',
      ] as const,
    };

    // Act
    const blocks = blocksOf(renderSlackMessage(violationEventOf(), channel));

    // Assess
    const sizes = blocks
      .filter((b) => b.type === 'section' && 'fields' in b)
      .map((b) => ('fields' in b ? b.fields.length : 0));
    expect(sizes).toEqual([10, 2]);
  });
});

/**
 * The Slack message for a violation or a remediation result, for an incoming webhook: one attachment
 * whose colour bar and header emoji say how bad it is (by severity for a violation, by outcome for a
 * remediation result, since its severity was already announced), and Block Kit blocks with the
 * channel's fields. Text is escaped for mrkdwn and cut to Slack's limits, so no event can make Slack
 * reject the message (`invalid_blocks`).
 */
import type { RemediationStatus } from '../events.js';
import { VIOLATION_EVENT_SOURCE } from '../events.js';
import type { Severity } from '../rules/types.js';
import type { ChannelConfig } from './notification-config.js';
import {
  type FieldValue,
  fieldValue,
  NOTIFICATION_FIELDS,
  type NotifiableEvent,
} from './notification-fields.js';
import { fitSubjectLine } from './sns-message.js';
import { renderTemplate } from './subject-template.js';

/** A Block Kit text object. */
export interface SlackText {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

/** The Block Kit blocks iam-guard sends. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text: SlackText }
  | { readonly type: 'section'; readonly fields: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

/** The webhook payload: `text` is the notification fallback, the attachment carries colour and blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly attachments: readonly [{ readonly color: string; readonly blocks: readonly SlackBlock[] }];
}

/** Colour bar and header emoji. */
export interface SlackStyle {
  readonly color: string;
  readonly emoji: string;
}

/** Violations: the worse, the redder. */
export const SEVERITY_STYLES: Readonly<Record<Severity, SlackStyle>> = {
  CRITICAL: { color: '#8B0000', emoji: ':rotating_light:' },
  HIGH: { color: '#E01E5A', emoji: ':red_circle:' },
  MEDIUM: { color: '#ECB22E', emoji: ':large_orange_circle:' },
  LOW: { color: '#36C5F0', emoji: ':large_blue_circle:' },
};

/** Remediation results: green when undone, red when it failed, grey when nothing was changed. */
export const STATUS_STYLES: Readonly<Record<RemediationStatus, SlackStyle>> = {
  SUCCESS: { color: '#2EB67D', emoji: ':white_check_mark:' },
  FAILED: { color: '#E01E5A', emoji: ':x:' },
  SKIPPED: { color: '#9E9E9E', emoji: ':fast_forward:' },
  DRY_RUN: { color: '#9E9E9E', emoji: ':memo:' },
};

/** Slack's limits (characters) on the parts iam-guard fills. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
} as const;

/** Escapes the three characters mrkdwn reserves. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escaped `raw`, cut (before escaping, so no entity is split) to fit `max` characters with `…`. */
function mrkdwnWithin(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of raw) {
    const next = escapeMrkdwn(char);
    if (out.length + next.length > max - 1) break;
    out += next;
  }
  return `${out}…`;
}

/** `*Label*` over the value, within `max` characters in all. */
function labelled(label: string, value: string, max: number): string {
  const heading = `*${escapeMrkdwn(label)}*\n`;
  return `${heading}${mrkdwnWithin(value, max - heading.length)}`;
}

function valueText(value: Exclude<FieldValue, null>, layout: 'short' | 'long'): string {
  if (typeof value === 'string') return value;
  return layout === 'short' ? value.join(', ') : value.map((item) => `• ${item}`).join('\n');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The colour and emoji `event` is shown with. */
export function slackStyle(event: NotifiableEvent): SlackStyle {
  return event.source === VIOLATION_EVENT_SOURCE
    ? SEVERITY_STYLES[event.detail.violation.severity]
    : STATUS_STYLES[event.detail.remediation.status];
}

/**
 * The Slack message for `event` on a Slack channel: header from the subject template, then the
 * channel's fields in order (short ones side by side, long ones on their own, ids in the footer).
 *
 * @example
 * await slack.post(webhookUrl, renderSlackMessage(event, config.channels.slack));
 */
export function renderSlackMessage(event: NotifiableEvent, channel: ChannelConfig): SlackMessage {
  const style = slackStyle(event);
  const template =
    event.source === VIOLATION_EVENT_SOURCE ? channel.subject.violation : channel.subject.remediation;
  const title = fitSubjectLine(`${style.emoji} ${renderTemplate(template, event)}`, SLACK_LIMITS.headerText);
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title, emoji: true } }];
  let shortFields: SlackText[] = [];
  const context: SlackText[] = [];
  const flushShort = () => {
    for (const fields of chunks(shortFields, SLACK_LIMITS.fieldsPerSection))
      blocks.push({ type: 'section', fields });
    shortFields = [];
  };
  for (const name of channel.fields) {
    const value = fieldValue(event, name);
    if (value === null) continue;
    const { label, layout } = NOTIFICATION_FIELDS[name];
    if (layout === 'context') {
      context.push({
        type: 'mrkdwn',
        text: mrkdwnWithin(`${label}: ${valueText(value, 'short')}`, SLACK_LIMITS.fieldText),
      });
    } else if (layout === 'short') {
      shortFields.push({
        type: 'mrkdwn',
        text: labelled(label, valueText(value, 'short'), SLACK_LIMITS.fieldText),
      });
    } else {
      flushShort();
      const text = labelled(label, valueText(value, 'long'), SLACK_LIMITS.sectionText);
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    }
  }
  flushShort();
  if (context.length > 0)
    blocks.push({ type: 'context', elements: context.slice(0, SLACK_LIMITS.contextElements) });
  return { text: title, attachments: [{ color: style.color, blocks }] };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterId, messageId } from '../../src/adapters/aws/dynamodb.js';
import {
  LEDGER_KEY_ATTRIBUTE,
  LEDGER_TTL_ATTRIBUTE,
  REMOVED_DOCUMENTS_PREFIX,
} from '../../src/cloudformation/storage-layout.js';
import { REMEDIATION_STATUSES } from '../../src/core/events.js';
import { REMEDIATION_ACTION_NAMES } from '../../src/core/remediation/action-names.js';
import { REMEDIATION_ACTIONS } from '../../src/core/remediation/actions/index.js';
import {
  DEFAULT_MAX_ACTIONS_PER_PRINCIPAL_PER_HOUR,
  DEFAULT_STACK_ROLE_PREFIX,
} from '../../src/core/remediation/config.js';
import { REMEDIATOR_CONFIG_SCHEMA } from '../../src/core/remediation/config-schema.js';
import { remediationKey } from '../../src/core/remediation/remediate.js';
import { BUILT_IN_PROTECTED_ROLES } from '../../src/core/remediation/safety.js';
import { SKIP_REASONS } from '../../src/core/remediation/types.js';

const DOC = readFileSync('docs/remediation.md', 'utf8');

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const start = DOC.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = DOC.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The rows of the tables in a section, each a list of trimmed cells (header and rule rows left out). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|-]+\|$/.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/** A table's rows by the backticked name in their first cell. */
function rowsByName(text: string): Map<string, string[]> {
  return new Map(tableRows(text).map((cells) => [(cells[0] ?? '').replaceAll('`', ''), cells]));
}

describe('docs/remediation.md', () => {
  it.each(REMEDIATION_ACTION_NAMES)('lists exactly the permissions %s declares', (name) => {
    // Prepare
    const row = rowsByName(section('## Actions')).get(name);

    // Act
    const listed = [...(row?.at(-1) ?? '').matchAll(/`(iam:[A-Za-z]+)`/g)].map((match) => match[1]);

    // Assess
    expect(row, `a row for ${name}`).toBeDefined();
    expect([...listed].sort()).toEqual([...REMEDIATION_ACTIONS[name].permissions].sort());
  });

  it('explains every reason a plan is skipped, in the order plan() weighs them', () => {
    // Act
    const reasons = [...rowsByName(section('## Safety checks')).keys()];

    // Assess
    expect(reasons).toEqual([...SKIP_REASONS]);
  });

  it('names the roles no configuration can unprotect', () => {
    // Assess
    for (const role of BUILT_IN_PROTECTED_ROLES) expect(section('## Safety checks')).toContain(`\`${role}\``);
  });

  it('documents every key of remediator-config.json, which are required, and the defaults', () => {
    // Prepare
    const rows = rowsByName(section('## `rules/remediator-config.json`'));
    const schema = REMEDIATOR_CONFIG_SCHEMA;

    // Act
    const required = [...rows].filter(([, cells]) => cells[1] === 'yes').map(([key]) => key);

    // Assess
    expect([...rows.keys()].sort()).toEqual(Object.keys(schema.properties).sort());
    expect(required.sort()).toEqual([...schema.required].sort());
    expect(rows.get('maxActionsPerPrincipalPerHour')?.[2]).toBe(
      `\`${DEFAULT_MAX_ACTIONS_PER_PRINCIPAL_PER_HOUR}\``,
    );
    expect(rows.get('maxActionsPerPrincipalPerHour')?.[3]).toContain(
      `${schema.properties.maxActionsPerPrincipalPerHour.minimum} to ${schema.properties.maxActionsPerPrincipalPerHour.maximum}`,
    );
    expect(rows.get('stackRolePrefix')?.[2]).toBe(`\`${DEFAULT_STACK_ROLE_PREFIX}\``);
  });

  it('shows the shipped remediator-config.json as it is', () => {
    // Prepare
    const shipped: unknown = JSON.parse(readFileSync('rules/remediator-config.json', 'utf8'));

    // Act
    const shown = /```json\n([\s\S]*?)```/.exec(section('## `rules/remediator-config.json`'))?.[1];

    // Assess
    expect(JSON.parse(shown ?? 'null')).toEqual(shipped);
  });

  it('says where removed documents are kept and what the ledger holds', () => {
    // Prepare
    const key = remediationKey({
      action: 'delete_inline_policy',
      ruleId: '<ruleId>',
      ruleName: '',
      eventId: '<eventId>',
      correlationId: '',
      account: '',
      principal: { arn: '', type: '' },
      target: { type: 'none', name: '', details: {} },
    });
    const counter = counterId('<caller ARN>', new Date('2024-05-31T10:00:00Z'));

    // Act
    const ledger = section('## Idempotency ledger');

    // Assess
    expect(section('## Removed documents')).toContain(`${REMOVED_DOCUMENTS_PREFIX}correlation_id=`);
    expect(ledger).toContain(`\`${messageId(key)}\``);
    expect(ledger).toContain(`\`${counter.replace('2024-05-31T10', '<YYYY-MM-DDTHH>')}\``);
    expect(ledger).toContain(`partition key \`${LEDGER_KEY_ATTRIBUTE}\``);
    expect(ledger).toContain(`TTL attribute \`${LEDGER_TTL_ATTRIBUTE}\``);
  });

  it('names every status a remediation reports', () => {
    // Assess
    for (const status of REMEDIATION_STATUSES)
      expect(section('## How a remediation runs')).toContain(`\`${status}\``);
  });
});

/** `cidr`: the field is an IPv4 or IPv6 address inside one of the CIDR blocks. */
import { type CidrBlock, cidrContains, parseCidr, parseIp } from '../ip-range.js';
import { STRING_OR_LIST, toList } from '../json-schema.js';
import type { ArgumentProblem, OperatorDefinition } from './types.js';

/** Operator `cidr`: the field is an IPv4 or IPv6 address inside one of the CIDR blocks. */
export const cidrOperator: OperatorDefinition<string | readonly string[]> = {
  name: 'cidr',
  summary: 'is an IP address inside one of the CIDR blocks',
  verb: 'is inside',
  schema: STRING_OR_LIST,
  compile: (arg) => {
    const blocks = toList(arg)
      .map(parseCidr)
      .filter((block): block is CidrBlock => block !== undefined);
    return (value) => {
      if (typeof value !== 'string') return false;
      const address = parseIp(value);
      return address !== undefined && blocks.some((block) => cidrContains(block, address));
    };
  },
  validate: (arg) => {
    const problems: ArgumentProblem[] = [];
    for (const text of toList(arg)) {
      if (parseCidr(text) === undefined) {
        problems.push({
          code: 'RuleInvalidCidr',
          message: `'${text}' is not a CIDR block (e.g. 203.0.113.0/24)`,
        });
      }
    }
    return problems;
  },
  examples: [
    {
      description: 'The call came from the corporate network (so a rule can say `not:` it).',
      condition: { field: 'sourceIPAddress', cidr: ['203.0.113.0/24', '2001:db8::/32'] },
      matches: [{ sourceIPAddress: '203.0.113.45' }, { sourceIPAddress: '2001:db8::1' }],
      rejects: [{ sourceIPAddress: '198.51.100.7' }, { sourceIPAddress: 'cloudformation.amazonaws.com' }],
    },
  ],
};

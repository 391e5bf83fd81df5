/** `exists`: the field is present and not null (`true`), or absent or null (`false`). */
import type { OperatorDefinition } from './types.js';

/** Operator `exists`: the field is present and not null (`true`), or absent or null (`false`). */
export const existsOperator: OperatorDefinition<boolean> = {
  name: 'exists',
  summary: 'is present and not null (`true`) / is absent or null (`false`)',
  verb: 'exists',
  schema: { type: 'boolean' },
  wholeValue: true,
  compile: (expected) => (value) => (value !== undefined && value !== null) === expected,
  examples: [
    {
      description: 'A user was created without a permissions boundary.',
      condition: { field: 'requestParameters.permissionsBoundary', exists: false },
      matches: [
        { requestParameters: { userName: 'bob' } },
        { requestParameters: { permissionsBoundary: null } },
      ],
      rejects: [
        {
          requestParameters: {
            userName: 'bob',
            permissionsBoundary: 'arn:aws:iam::111122223333:policy/Boundary',
          },
        },
      ],
    },
  ],
};

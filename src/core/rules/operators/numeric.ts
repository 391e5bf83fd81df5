/**
 * The shared shape of the numeric comparison operators (`gt`, `gte`, `lt`, `lte`): the field is a
 * number, or a string spelling a finite number, in the given relation to the argument.
 */
import type { OperatorDefinition, OperatorExample } from './types.js';

/** The number a field value stands for, or undefined (booleans, empty strings and NaN are not numbers). */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export interface NumericOperatorOptions {
  readonly name: string;
  readonly verb: string;
  readonly compare: (value: number, bound: number) => boolean;
  readonly example: OperatorExample;
}

/** Builds one numeric comparison operator. */
export function numericOperator(options: NumericOperatorOptions): OperatorDefinition<number> {
  const { compare } = options;
  return {
    name: options.name,
    summary: `is a number (or numeric string) ${options.verb} the argument`,
    verb: options.verb,
    schema: { type: 'number' },
    compile: (bound) => (value) => {
      const number = numericValue(value);
      return number !== undefined && compare(number, bound);
    },
    examples: [options.example],
  };
}

/**
 * Checks a template against the CloudFormation resource specification (the JSON AWS publishes, as
 * shipped by the pinned `@aws-cdk/cfnspec` package): every resource type, every property and nested
 * property exists, required properties are present, literal values have the specified primitive type,
 * and every `Fn::GetAtt` names an attribute the type has. Intrinsics are accepted wherever a value is.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CloudFormationTemplate } from '../../../src/cloudformation/types.js';
import { isIntrinsic, referencesIn } from './template-references.js';

interface PropertySpec {
  readonly PrimitiveType?: string;
  readonly Type?: string;
  readonly ItemType?: string;
  readonly PrimitiveItemType?: string;
  readonly Required?: boolean;
}

interface TypeSpec {
  readonly Properties?: Readonly<Record<string, PropertySpec>>;
  readonly Attributes?: Readonly<Record<string, unknown>>;
  readonly PrimitiveType?: string;
}

export interface ResourceSpecification {
  readonly ResourceSpecificationVersion: string;
  readonly ResourceTypes: Readonly<Record<string, TypeSpec>>;
  readonly PropertyTypes: Readonly<Record<string, TypeSpec>>;
}

/** The spec package this test is pinned to (a devDependency). */
export const SPEC_PACKAGE = '@aws-cdk/cfnspec';

/** Reads the specification JSON from the installed spec package. */
export function loadSpecification(): ResourceSpecification {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve(`${SPEC_PACKAGE}/spec/specification.json`);
  } catch (error) {
    throw new Error(
      `${SPEC_PACKAGE} is not installed: add it as a pinned devDependency (${SPEC_PACKAGE}@2.72.1)`,
      {
        cause: error,
      },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as ResourceSpecification;
}

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'Condition',
]);

/** Every way the template departs from the specification, one line each; empty when it conforms. */
export function specProblems(template: CloudFormationTemplate, spec: ResourceSpecification): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) problems.push(`${id}: unknown resource attribute ${key}`);
    }
    if (resource.Type.startsWith('Custom::')) {
      if (resource.Properties?.ServiceToken === undefined)
        problems.push(`${id}: custom resource without ServiceToken`);
      continue;
    }
    const typeSpec = spec.ResourceTypes[resource.Type];
    if (!typeSpec) {
      problems.push(`${id}: resource type ${resource.Type} does not exist`);
      continue;
    }
    checkObject(problems, id, resource.Properties ?? {}, typeSpec, resource.Type, spec);
  }
  for (const reference of referencesIn({ resources: template.Resources, outputs: template.Outputs })) {
    if (reference.kind !== 'getatt') continue;
    const type = template.Resources[reference.target]?.Type;
    if (type === undefined || type.startsWith('Custom::')) continue;
    if (!(reference.attribute in (spec.ResourceTypes[type]?.Attributes ?? {}))) {
      problems.push(`Fn::GetAtt ${reference.target}.${reference.attribute}: ${type} has no such attribute`);
    }
  }
  return problems;
}

function checkObject(
  problems: string[],
  path: string,
  value: unknown,
  typeSpec: TypeSpec,
  resourceType: string,
  spec: ResourceSpecification,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  const properties = typeSpec.Properties ?? {};
  for (const [name, child] of Object.entries(value)) {
    const childSpec = properties[name];
    if (!childSpec) problems.push(`${path}.${name}: no such property`);
    else checkValue(problems, `${path}.${name}`, child, childSpec, resourceType, spec);
  }
  for (const [name, childSpec] of Object.entries(properties)) {
    if (childSpec.Required && !(name in value))
      problems.push(`${path}: required property ${name} is missing`);
  }
}

function checkValue(
  problems: string[],
  path: string,
  value: unknown,
  propertySpec: PropertySpec,
  resourceType: string,
  spec: ResourceSpecification,
): void {
  if (isIntrinsic(value)) return;
  if (propertySpec.PrimitiveType) {
    checkPrimitive(problems, path, value, propertySpec.PrimitiveType);
    return;
  }
  const itemSpec: PropertySpec = propertySpec.PrimitiveItemType
    ? { PrimitiveType: propertySpec.PrimitiveItemType }
    : { Type: propertySpec.ItemType ?? '' };
  if (propertySpec.Type === 'List') {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
    else
      for (const [index, item] of value.entries())
        checkValue(problems, `${path}[${index}]`, item, itemSpec, resourceType, spec);
    return;
  }
  if (propertySpec.Type === 'Map') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      problems.push(`${path}: expected a map`);
    else
      for (const [key, item] of Object.entries(value))
        checkValue(problems, `${path}.${key}`, item, itemSpec, resourceType, spec);
    return;
  }
  const typeName = propertySpec.Type ?? '';
  const typeSpec = spec.PropertyTypes[`${resourceType}.${typeName}`] ?? spec.PropertyTypes[typeName];
  if (!typeSpec) {
    problems.push(`${path}: the specification has no property type ${typeName}`);
    return;
  }
  if (typeSpec.PrimitiveType) checkPrimitive(problems, path, value, typeSpec.PrimitiveType);
  else checkObject(problems, path, value, typeSpec, resourceType, spec);
}

function checkPrimitive(problems: string[], path: string, value: unknown, primitive: string): void {
  const ok =
    primitive === 'String' || primitive === 'Timestamp'
      ? typeof value === 'string'
      : primitive === 'Integer' || primitive === 'Long'
        ? Number.isInteger(value)
        : primitive === 'Double'
          ? typeof value === 'number'
          : primitive === 'Boolean'
            ? typeof value === 'boolean'
            : primitive === 'Json'
              ? typeof value === 'string' ||
                (value !== null && typeof value === 'object' && !Array.isArray(value))
              : false;
  if (!ok) problems.push(`${path}: expected ${primitive}, got ${JSON.stringify(value)}`);
}

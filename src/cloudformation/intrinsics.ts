/**
 * Typed builders for the CloudFormation intrinsic functions the generator writes. They keep logical ids
 * and ARN shapes in one place, so a test can resolve every reference the template makes.
 */
import type { GetAttValue, JoinValue, RefValue, SubValue } from './types.js';

/** `{ Ref }`: a resource's primary identifier (name, URL or ARN, by type) or a parameter's value. */
export function ref(logicalId: string): RefValue {
  return { Ref: logicalId };
}

/** `{ Fn::GetAtt }`: one attribute of a resource, e.g. `getAtt('RulesBucket', 'Arn')`. */
export function getAtt(logicalId: string, attribute: string): GetAttValue {
  return { 'Fn::GetAtt': [logicalId, attribute] };
}

/**
 * `{ Fn::Sub }`: a string with `${Name}` / `${Name.Attr}` references resolved at deploy time.
 * Write `${!literal}` for a literal `${literal}`.
 */
export function sub(template: string, variables?: Readonly<Record<string, unknown>>): SubValue {
  return variables === undefined ? { 'Fn::Sub': template } : { 'Fn::Sub': [template, variables] };
}

/** `{ Fn::Join }`: parts joined with a separator; literal strings are never interpolated. */
export function join(separator: string, parts: readonly unknown[]): JoinValue {
  return { 'Fn::Join': [separator, parts] };
}

/** The pseudo parameters the generator uses, as `ref()`s. */
export const PSEUDO = {
  accountId: ref('AWS::AccountId'),
  region: ref('AWS::Region'),
  partition: ref('AWS::Partition'),
  stackName: ref('AWS::StackName'),
  stackId: ref('AWS::StackId'),
  urlSuffix: ref('AWS::URLSuffix'),
} as const;

/**
 * The ARN of a resource in this account and region, for services whose resources the template cannot
 * `GetAtt` (Glue catalog entries, SSM parameters, IAM entities by pattern).
 *
 * @example
 * regionalArn('glue', 'table/iam_guard_audit/*')
 * // { 'Fn::Sub': 'arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/iam_guard_audit/*' }
 */
export function regionalArn(service: string, resource: string): SubValue {
  return sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
}

/** The ARN of an IAM entity (global service: no region) in this account, e.g. `iamArn('user/*')`. */
export function iamArn(resource: string): SubValue {
  return sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${resource}`);
}

/** The ARN of an AWS-managed policy (`AdministratorAccess`), or `*` for all of them. */
export function awsManagedPolicyArn(name: string): SubValue {
  return sub(`arn:\${AWS::Partition}:iam::aws:policy/${name}`);
}

/** `arn:…:s3:::bucket/path` of objects in a bucket of this template. */
export function bucketObjectsArn(bucketLogicalId: string, keyPattern: string): SubValue {
  return sub(`\${${bucketLogicalId}.Arn}/${keyPattern}`);
}

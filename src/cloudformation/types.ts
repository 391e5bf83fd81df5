/**
 * Shapes of the CloudFormation template iam-guard generates. Only what the generator writes is modelled;
 * property values stay `unknown` because the resource specification, not TypeScript, is their authority
 * (tests/cloudformation checks every property against it). The generator's own inputs, the context every
 * boundary module receives and the calls each function makes, live here too: every module reads them,
 * so they sit in the one file that imports no generator module back.
 */
import type { RemediationActionName } from '../core/remediation/action-names.js';
import type { IamGuardConfig } from './config.js';
import type { FunctionName, LambdaFunctionSpec } from './functions.js';

/** `{ "Ref": "LogicalId" }`: a resource's primary identifier, a parameter's value or a pseudo parameter. */
export interface RefValue {
  readonly Ref: string;
}

/** `{ "Fn::GetAtt": ["LogicalId", "Attribute"] }`. */
export interface GetAttValue {
  readonly 'Fn::GetAtt': readonly [string, string];
}

/** `{ "Fn::Sub": "text ${Name}" }` or with an explicit variable map. */
export interface SubValue {
  readonly 'Fn::Sub': string | readonly [string, Readonly<Record<string, unknown>>];
}

/** `{ "Fn::Join": ["sep", [parts…]] }`. */
export interface JoinValue {
  readonly 'Fn::Join': readonly [string, readonly unknown[]];
}

/** The intrinsic functions the generator uses; no conditions are needed because disabled parts are omitted. */
export type Intrinsic = RefValue | GetAttValue | SubValue | JoinValue;

/** A string known at generation time or one CloudFormation computes at deploy time. */
export type CfnString = string | Intrinsic;

/** One resource of the template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** Resources keyed by logical id; what every boundary module returns. */
export type Resources = Readonly<Record<string, CfnResource>>;

export interface CfnParameter {
  readonly Type: 'String' | 'Number';
  readonly Description: string;
  readonly Default?: string;
  readonly AllowedPattern?: string;
  readonly MinLength?: number;
  readonly MaxLength?: number;
  readonly ConstraintDescription?: string;
}

export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnString;
}

/** The generated template, ready for `JSON.stringify` or YAML rendering. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Metadata: Readonly<Record<string, unknown>>;
  readonly Parameters: Readonly<Record<string, CfnParameter>>;
  readonly Resources: Resources;
  readonly Outputs: Readonly<Record<string, CfnOutput>>;
}

/** One IAM policy statement as written into roles and resource policies. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, unknown>>;
  readonly Action: readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: '*' | readonly unknown[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocumentShape {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Everything the role generator needs to know about what code calls (function-permissions.ts builds it). */
export interface PermissionSource {
  /** IAM actions each function's code calls (through its adapters), excluding remediation actions. */
  readonly functionCalls: Readonly<Record<FunctionName, readonly string[]>>;
  /** IAM actions each remediation action needs; the remediator gets those of the allowed actions. */
  readonly remediationActions: Readonly<Record<RemediationActionName, readonly string[]>>;
  /** IAM actions `iam-guard selftest` calls when run by the testing project. */
  readonly selfTestCalls: readonly string[];
}

/** What every boundary module receives; `createContext` (context.ts) resolves it from the options. */
export interface TemplateContext {
  readonly config: IamGuardConfig;
  /** Sorted, de-duplicated, always containing iam.amazonaws.com. */
  readonly eventSources: readonly string[];
  readonly permissions: PermissionSource;
  readonly toolVersion: string;
  /** The functions this configuration deploys. */
  readonly functions: readonly LambdaFunctionSpec[];
}

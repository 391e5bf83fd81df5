/**
 * Statements shared by the resource policies of buckets, queues and topics.
 */
import type { PolicyStatement } from './types.js';

/** Services whose resource policies carry the TLS-only statement, with the actions it denies. */
const TRANSPORT_ACTIONS = {
  s3: ['s3:*'],
  sqs: ['sqs:*'],
  sns: ['sns:Publish'],
} as const;

/** Refuses every request that does not use TLS (`aws:SecureTransport` false), from anyone. */
export function denyInsecureTransport(
  service: keyof typeof TRANSPORT_ACTIONS,
  resources: readonly unknown[],
): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: TRANSPORT_ACTIONS[service],
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Lets an AWS service principal act on a resource, only on behalf of this account. */
export function allowServiceFromThisAccount(
  sid: string,
  servicePrincipal: string,
  actions: readonly string[],
  resources: readonly unknown[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: servicePrincipal },
    Action: actions,
    Resource: resources,
    Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
  };
}

/** Lets an AWS service principal act on a resource only for the given source ARNs (rules, alarms). */
export function allowServiceFromSources(
  sid: string,
  servicePrincipal: string,
  actions: readonly string[],
  resources: readonly unknown[],
  sourceArns: readonly unknown[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: servicePrincipal },
    Action: actions,
    Resource: resources,
    Condition: { ArnEquals: { 'aws:SourceArn': sourceArns } },
  };
}

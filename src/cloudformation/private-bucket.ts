/**
 * The shape every iam-guard bucket has: SSE-S3, public access blocked, ACLs disabled, retained when the
 * stack is deleted (audit evidence and query history outlive the stack), and a TLS-only policy.
 */
import { bucketObjectsArn, getAtt, ref } from './intrinsics.js';
import { denyInsecureTransport } from './resource-policies.js';
import type { CfnResource, SubValue } from './types.js';

export interface PrivateBucketOptions {
  readonly name: SubValue;
  /** @default false */
  readonly versioned?: boolean;
  readonly lifecycleRules: readonly Readonly<Record<string, unknown>>[];
}

export function privateBucket(options: PrivateBucketOptions): CfnResource {
  return {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BucketName: options.name,
      ...(options.versioned ? { VersioningConfiguration: { Status: 'Enabled' } } : {}),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: options.lifecycleRules },
    },
  };
}

/** The bucket policy refusing every request to the bucket or its objects that does not use TLS. */
export function tlsOnlyBucketPolicy(bucketId: string): CfnResource {
  return {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [denyInsecureTransport('s3', [getAtt(bucketId, 'Arn'), bucketObjectsArn(bucketId, '*')])],
      },
    },
  };
}

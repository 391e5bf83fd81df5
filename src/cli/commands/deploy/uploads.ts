/**
 * What deploy puts in S3, each upload skipped when the object already holds the same content: the
 * function bundles and the template in the artifact bucket under content-hash keys, and the rule pack
 * under the fixed keys of the stack's rules bucket that the functions read.
 */
import { readFile } from 'node:fs/promises';
import { type ArtifactStore, contentKey, sha256Hex } from '../../../adapters/aws/artifact-store.js';
import type { IamGuardConfig } from '../../../cloudformation/config.js';
import {
  enabledFunctions,
  type FunctionName,
  functionIds,
  functionSpec,
} from '../../../cloudformation/functions.js';
import { InputFileError } from '../../../core/errors.js';
import type { Io } from '../../io/io.js';
import type { LambdaArtifact, LambdaArtifacts } from './artifacts.js';
import type { ConfigObjectFile } from './rule-pack.js';

/** Key prefix of the function bundles in the artifact bucket: `lambdas/<function>/<sha256>.zip`. */
export const BUNDLE_PREFIX = 'lambdas';
/** Key prefix of the templates: `templates/<sha256>.json`. */
export const TEMPLATE_PREFIX = 'templates';

/**
 * The bundles of the functions this configuration deploys. A missing one is an input error naming
 * every missing function, so the user builds once instead of discovering them one deploy at a time.
 */
export async function bundlesFor(
  config: IamGuardConfig,
  artifacts: LambdaArtifacts,
): Promise<LambdaArtifact[]> {
  const available = await artifacts.list();
  const needed = enabledFunctions(config).map((spec) => spec.name);
  const missing = needed.filter((name) => !available.some((artifact) => artifact.name === name));
  if (missing.length > 0) {
    throw new InputFileError(
      `No Lambda bundle for ${missing.join(', ')}: build and package the functions (npm run build) before deploying`,
      'BundleMissing',
    );
  }
  return needed.map((name) => available.find((artifact) => artifact.name === name) as LambdaArtifact);
}

/** Uploads the bundles; returns the template parameters naming them (`ArtifactBucket`, `<Id>CodeKey`). */
export async function uploadBundles(
  store: ArtifactStore,
  bundles: readonly LambdaArtifact[],
  io: Io,
): Promise<Record<string, string>> {
  const parameters: Record<string, string> = { ArtifactBucket: store.bucket };
  const statuses: Record<'uploaded' | 'unchanged', FunctionName[]> = { uploaded: [], unchanged: [] };
  for (const bundle of bundles) {
    const outcome = await store.upload({
      key: contentKey(`${BUNDLE_PREFIX}/${bundle.name}`, bundle.sha256, '.zip'),
      body: await readFile(bundle.zipPath),
      sha256: bundle.sha256,
      contentType: 'application/zip',
    });
    statuses[outcome.status].push(bundle.name);
    parameters[functionIds(functionSpec(bundle.name)).codeKey] = outcome.key;
  }
  io.info(describeUploads('Lambda bundles', statuses, store.bucket));
  return parameters;
}

/** Uploads the template (over CloudFormation's 51,200-byte inline limit); returns its URL. */
export async function uploadTemplate(store: ArtifactStore, templateJson: string): Promise<string> {
  const sha256 = sha256Hex(templateJson);
  const { key } = await store.upload({
    key: contentKey(TEMPLATE_PREFIX, sha256, '.json'),
    body: templateJson,
    sha256,
    contentType: 'application/json',
  });
  return store.urlOf(key);
}

/** Uploads the rule pack to the rules bucket, skipping files whose content is already there. */
export async function uploadConfigObjects(
  store: ArtifactStore,
  files: readonly ConfigObjectFile[],
  io: Io,
): Promise<void> {
  const statuses: Record<'uploaded' | 'unchanged', string[]> = { uploaded: [], unchanged: [] };
  for (const file of files) {
    const outcome = await store.upload({
      key: file.key,
      body: file.body,
      sha256: sha256Hex(file.body),
      contentType: file.contentType,
    });
    statuses[outcome.status].push(file.path);
  }
  io.info(describeUploads('Rule pack', statuses, store.bucket));
}

function describeUploads(
  what: string,
  statuses: Readonly<Record<'uploaded' | 'unchanged', readonly string[]>>,
  bucket: string,
): string {
  const parts = [
    statuses.uploaded.length > 0 ? `uploaded ${statuses.uploaded.join(', ')}` : '',
    statuses.unchanged.length > 0 ? `unchanged ${statuses.unchanged.join(', ')}` : '',
  ].filter((part) => part !== '');
  return `${what} (s3://${bucket}): ${parts.join('; ') || 'nothing to upload'}`;
}

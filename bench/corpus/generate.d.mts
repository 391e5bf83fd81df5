/** Types of generate.mjs, for the tests under tests/bench/. */
export interface CorpusOptions {
  /** Records in the corpus. @default 200000 */
  readonly records?: number;
  readonly seed?: number;
  /** Records per log file, on average (each file holds ±20 %). @default 1000 */
  readonly recordsPerFile?: number;
  /** Share of IAM records in each file. @default 0.1 */
  readonly iamShare?: number;
  /** Write `.json.gz` files. @default false */
  readonly gzip?: boolean;
  /** Time of the first record (ISO 8601). */
  readonly start?: string;
  /** Where examples/ is read from. @default this repository */
  readonly repoRoot?: string;
}

export interface CorpusManifest {
  readonly generatorVersion: number;
  readonly seed: number;
  readonly records: number;
  readonly iamRecords: number;
  readonly files: number;
  /** Bytes of JSON text (before gzip). */
  readonly bytes: number;
  readonly recordsPerFile: number;
  readonly iamShare: number;
  readonly gzip: boolean;
}

export interface CorpusFile {
  /** Relative to the corpus folder, as CloudTrail lays log files out in S3. */
  readonly path: string;
  readonly records: Record<string, unknown>[];
}

export const GENERATOR_VERSION: number;
export const MANIFEST: string;
export const DEFAULTS: Required<Omit<CorpusOptions, 'repoRoot'>>;
export function corpusFiles(options?: CorpusOptions): Generator<CorpusFile>;
export function generateCorpus(options: CorpusOptions & { readonly dir: string }): CorpusManifest;
export function ensureCorpus(options: CorpusOptions & { readonly dir: string }): {
  readonly manifest: CorpusManifest;
  readonly generated: boolean;
};

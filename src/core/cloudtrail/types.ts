/**
 * CloudTrail record shapes as iam-guard reads them. Real CloudTrail is untidy (missing fields, `null`
 * requestParameters, old eventVersions), so every field is optional and read through compiled paths
 * with defaults; see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */

export interface SessionIssuer {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
}

export interface UserIdentity {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: {
    readonly sessionIssuer?: SessionIssuer;
    readonly attributes?: { readonly creationDate?: string; readonly mfaAuthenticated?: string };
  };
  readonly [key: string]: unknown;
}

/** One CloudTrail event record, after normalisation (policy documents parsed into objects). */
export interface CloudTrailRecord {
  readonly eventVersion?: string;
  readonly userIdentity?: UserIdentity;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly requestID?: string;
  readonly eventID?: string;
  readonly readOnly?: boolean;
  readonly eventType?: string;
  readonly managementEvent?: boolean;
  readonly recipientAccountId?: string;
  readonly eventCategory?: string;
  readonly [key: string]: unknown;
}

/** The two fields that decide which rules can possibly match a record. */
export interface EventKey {
  readonly eventSource: string;
  readonly eventName: string;
}

/** Where a record came from: the input file (or `-` for stdin) and its 0-based index in that file. */
export interface RecordSource {
  readonly file: string;
  readonly index: number;
  /** 1-based line, when the input is line-oriented (NDJSON) or the record starts on a known line. */
  readonly line?: number;
}

/** One item read from the input: a record, or a report of something that could not be read. */
export type InputItem =
  | { readonly kind: 'record'; readonly record: CloudTrailRecord; readonly source: RecordSource }
  | { readonly kind: 'malformed'; readonly source: RecordSource; readonly message: string };

/**
 * Decides from a record's `eventSource` and `eventName` (and, if it must, the raw text) whether the
 * record is worth parsing. Readers count records it refuses as skipped, never as malformed.
 */
export type RecordFilter = (eventSource: string, eventName: string, rawText: string) => boolean;

/**
 * The items read from one input file since the previous batch. Readers yield a batch per chunk of
 * input, so a consumer sees records long before a large file ends; one file may span many batches.
 */
export interface InputBatch {
  /** The file the items come from, as given or found in a directory; `-` for stdin. */
  readonly file: string;
  readonly items: readonly InputItem[];
  /** Records passed over unparsed because the `RecordFilter` refused them. */
  readonly skipped: number;
}

/**
 * One record's raw JSON text, cut out of a larger input without parsing it, or a problem found while
 * cutting. `index` counts records from 0 within one input; `line` is where the record (or problem)
 * is (1-based). `eventKey` is the record's top-level eventSource/eventName when the splitter read
 * them for certain on its way through (what `peekEventKey` would say, for free); absent means unknown.
 * A `fatal` problem means the input's structure is lost and the splitter has stopped reading it.
 */
export type SplitItem =
  | {
      readonly kind: 'record';
      readonly text: string;
      readonly index: number;
      readonly line: number;
      readonly eventKey?: EventKey;
    }
  | {
      readonly kind: 'error';
      readonly index: number;
      readonly line: number;
      readonly message: string;
      readonly fatal: boolean;
    };

export interface RecordSplitterOptions {
  /**
   * A record (or the text before a `Records` array) longer than this many characters stops the
   * splitter with a fatal error, so one broken bracket cannot make it buffer a whole file.
   * @default 33554432 (32 Mi characters)
   */
  readonly maxRecordChars?: number;
}

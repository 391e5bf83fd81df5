/** Types of iam.mjs, for the tests under tests/bench/. */
export const FLAGGED_TEMPLATES: readonly string[];
export const BENIGN_TEMPLATES: readonly string[];
export const SIGN_IN_TEMPLATES: { readonly user: string; readonly root: string };
export const IAM_MIX: { readonly reads: number; readonly benignChanges: number; readonly flagged: number };

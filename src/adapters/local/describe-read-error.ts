/**
 * Turns a filesystem or zlib failure into the short phrase a user sees next to the file name
 * (`logs/a.json.gz: gzip data is truncated`), instead of Node's message that repeats the path.
 */
export function describeReadError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'Z_BUF_ERROR':
      return `gzip data is truncated (${message})`;
    case 'Z_DATA_ERROR':
      return `gzip data is corrupt (${message})`;
    default:
      return `cannot read: ${message}`;
  }
}

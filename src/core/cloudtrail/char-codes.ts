/**
 * UTF-16 code units of the JSON structural characters, shared by the scanners that walk CloudTrail
 * text with `charCodeAt` (comparing numbers is what keeps those loops fast).
 */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const NEWLINE = 0x0a;
export const SPACE = 0x20;
export const TAB = 0x09;
export const CR = 0x0d;
/** The byte-order mark, as the first character of a decoded file. */
export const BOM = 0xfeff;

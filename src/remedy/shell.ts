// POSIX shell quoting for the literal steps: any value (quotes, newlines, $, backslashes, unicode) comes out
// as one word that sh, bash and zsh read back byte for byte.

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word for `value`: bare when nothing in it is special, else in single quotes ('\'' for a quote). */
export function shellQuote(value: string): string {
  if (value !== '' && PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `"$NAME"`: a value the person supplies from their own environment, never written into a step. */
export const shellVariable = (name: string): string => `"$${name}"`;

/** A command of several words, each quoted. */
export const shellCommand = (words: readonly string[]): string => words.map(shellQuote).join(' ');

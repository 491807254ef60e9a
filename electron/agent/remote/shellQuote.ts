// POSIX sh quoting for the one command string ssh hands to the remote user's shell. Every word
// is put in single quotes (inside which sh gives no character a meaning) and each `'` in it is
// written '\''. A NUL cannot be passed through a shell at all: refused.

export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a NUL byte cannot be passed through a shell');
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Words quoted and joined by spaces. */
export const shellJoin = (words: readonly string[]): string => words.map(shellQuote).join(' ');

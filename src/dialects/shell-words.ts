/**
 * Splits a command line into words the way a POSIX shell (and Python's `shlex.split`, which
 * Prefect, Magnus and Metaflow use) does: single quotes keep everything, double quotes keep all but `\"`, `\\`, `\$` and
 * `` \` ``, a backslash outside quotes escapes the next character. Nothing is expanded.
 * Returns an error message instead of words when a quote is left open.
 */
export function splitShellWords(line: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let word: string | undefined;
  let index = 0;
  const append = (text: string) => { word = (word ?? '') + text; };
  while (index < line.length) {
    const char = line[index];
    if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) return { error: `unterminated single quote at character ${index + 1}` };
      append(line.slice(index + 1, end));
      index = end + 1;
    } else if (char === '"') {
      const end = readDoubleQuoted(line, index + 1, append);
      if (end < 0) return { error: `unterminated double quote at character ${index + 1}` };
      index = end + 1;
    } else if (char === '\\') {
      if (index + 1 < line.length && line[index + 1] !== '\n') append(line[index + 1]);
      index += 2;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      index++;
    } else {
      append(char);
      index++;
    }
  }
  if (word !== undefined) words.push(word);
  return { words };
}

function readDoubleQuoted(line: string, start: number, append: (text: string) => void): number {
  let index = start;
  append('');
  while (index < line.length) {
    const char = line[index];
    if (char === '"') return index;
    if (char === '\\' && '"\\$`\n'.includes(line[index + 1] ?? '')) {
      if (line[index + 1] !== '\n') append(line[index + 1]);
      index += 2;
    } else {
      append(char);
      index++;
    }
  }
  return -1;
}

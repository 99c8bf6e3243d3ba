/**
 * Diagnostics: problems found in the input, reported as `vfile` messages while
 * a page is read and turned into plain objects so that they can cross a
 * worker boundary and be printed or written as JSON.
 */
import type { Node, Point, Position } from 'unist';
import type { VFile } from 'vfile';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Page path relative to the docs folder, or the path given on the command line. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  ruleId: string;
  message: string;
  /** The values the reader expected, where they help fix the page. */
  expected?: string[];
  /** The value found instead. */
  actual?: string;
}

export interface ReportOptions {
  /** A node, position or point of the page; the start of the page when left out. */
  place?: Node | Position | Point | undefined;
  expected?: string[];
  actual?: string;
}

/**
 * Record a problem on `file` as a `vfile` message with a rule id.
 *
 * @param file the page being read
 * @param severity `error` makes `generate` exit with status 1; `warning` does so only with `--strict`
 * @param ruleId stable id of the problem, such as `duplicate-action`
 * @param reason one sentence saying what is wrong and, where possible, what to do
 */
export function report(file: VFile, severity: Severity, ruleId: string, reason: string, options: ReportOptions = {}): void {
  const place = toPlace(options.place);
  const message = file.message(reason, { place, ruleId, source: 'iamref' });
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
  if (options.expected) message.expected = options.expected;
  if (options.actual !== undefined) message.actual = options.actual;
}

function toPlace(place: ReportOptions['place']): Position | Point | undefined {
  if (!place) return undefined;
  if ('type' in place) return (place as Node).position;
  return place as Position | Point;
}

/** Convert the messages of `file` into plain diagnostics, in the order of their position. */
export function diagnosticsOf(file: VFile): Diagnostic[] {
  const name = file.path ?? '<input>';
  const diagnostics = file.messages.map((message): Diagnostic => {
    const diagnostic: Diagnostic = {
      file: name,
      line: message.line ?? 1,
      column: message.column ?? 1,
      severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
      ruleId: message.ruleId ?? 'unknown',
      message: message.reason,
    };
    if (message.expected) diagnostic.expected = message.expected;
    if (message.actual !== undefined) diagnostic.actual = message.actual;
    return diagnostic;
  });
  return diagnostics.sort(compareDiagnostics);
}

/** Order diagnostics by file, then line, then column. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** Format one diagnostic the way compilers do: `file:line:column severity rule-id message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  let text = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.severity} ${diagnostic.ruleId} ${diagnostic.message}`;
  if (diagnostic.expected?.length) text += ` (expected ${diagnostic.expected.join(' or ')}`;
  if (diagnostic.expected?.length && diagnostic.actual !== undefined) text += `, found ${JSON.stringify(diagnostic.actual)})`;
  else if (diagnostic.expected?.length) text += ')';
  else if (diagnostic.actual !== undefined) text += ` (found ${JSON.stringify(diagnostic.actual)})`;
  return text;
}

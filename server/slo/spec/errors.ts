/** A problem in a spec file, where it is and which field it concerns. */
export interface SpecError {
  /** path relative to the spec directory, `/`-separated */
  file: string;
  line: number;
  column: number;
  /** field path inside the document, e.g. `spec.slos[0].objective`; empty for a YAML syntax error */
  path: string;
  message: string;
}

/**
 * One line, the way compilers print them, so editors and CI annotate the right spot.
 * @example formatSpecError(e) // "checkout.yaml:7:12: objective: must be below 100, got 100"
 */
export function formatSpecError(e: SpecError, severity?: 'warning'): string {
  const where = `${e.file}:${e.line}:${e.column}:`;
  const tag = severity ? ` ${severity}:` : '';
  return `${where}${tag} ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

export function compareSpecErrors(a: SpecError, b: SpecError): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

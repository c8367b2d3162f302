import type { z } from 'zod';
import type { AlertRuleDefinition, SloDefinition, SourceFormat, SourceLocation } from '../model.js';
import type { SpecError } from './errors.js';
import { errorMap, flattenIssues } from './issues.js';
import { formatPath, locate, writtenPath, type PathSegment, type SourceDoc } from './yaml-source.js';

/** What the importers produce as they read documents: definitions, errors and warnings, all located. */
export class SpecSink {
  readonly slos: SloDefinition[] = [];
  readonly rules: AlertRuleDefinition[] = [];
  readonly errors: SpecError[] = [];
  readonly warnings: SpecError[] = [];

  error(src: SourceDoc, path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value'): void {
    this.errors.push(this.located(src, path, message, at));
  }

  warn(src: SourceDoc, path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value'): void {
    this.warnings.push(this.located(src, path, message, at));
  }

  /** The definition's origin; the loader adds the git commit afterwards. */
  source(src: SourceDoc, path: readonly PathSegment[], format: SourceFormat): SourceLocation {
    const { line, column } = locate(src, path);
    return { file: src.file, line, column, format };
  }

  /**
   * Parses `value` (found at `path` in `src`) with `schema`; on failure reports every issue
   * and returns undefined.
   */
  parse<S extends z.ZodType>(schema: S, src: SourceDoc, path: readonly PathSegment[], value: unknown): z.output<S> | undefined {
    const result = schema.safeParse(value, { error: errorMap });
    if (result.success) return result.data;
    for (const issue of flattenIssues(result.error.issues, path)) this.error(src, issue.path, issue.message, issue.at);
    return undefined;
  }

  private located(src: SourceDoc, path: readonly PathSegment[], message: string, at: 'key' | 'value'): SpecError {
    const { line, column } = locate(src, path, at);
    return { file: src.file, line, column, path: formatPath(writtenPath(src, path)), message };
  }
}

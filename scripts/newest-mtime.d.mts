export function isFresh(output: string, sources: string[]): boolean;

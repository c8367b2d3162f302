export function newestMtime(path: string): number;
export function isFresh(output: string, sources: string[]): boolean;

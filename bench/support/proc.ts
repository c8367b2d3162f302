/** What /proc says of a process a benchmark started: its CPU time and memory (Linux only). */
import { readFileSync } from 'node:fs';

const ticksPerSecond = 100; // getconf CLK_TCK on Linux x86_64

/** user + system seconds from a /proc stat file (utime, stime are fields 14, 15; the name may hold spaces) */
export function statCpu(path: string): number {
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** user + system CPU seconds of the whole process, all threads */
export const cpuSeconds = (pid: number) => statCpu(`/proc/${pid}/stat`);

/**
 * VmRSS and VmHWM (peak) in bytes, and the RSS split: anon (heaps, WASM memory) and file
 * (mapped code such as libchdb.so's pages, which the kernel can drop and read again).
 */
export function memory(pid: number): { rss: number; hwm: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
}

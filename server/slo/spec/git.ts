import { execFile } from 'node:child_process';

/**
 * The last commit that changed each file under `dir`, keyed by path relative to `dir`, from
 * one `git log` over the directory. Empty when `dir` is not in a git checkout, git is
 * missing, or the files were never committed: the commit is a nicety, never a failure.
 */
export function lastCommits(dir: string): Promise<Map<string, string>> {
  const args = ['-c', 'core.quotepath=off', 'log', '--format=%x01%H', '--name-only', '--relative', '--', '.'];
  return new Promise((resolve) => {
    execFile('git', args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      const commits = new Map<string, string>();
      if (err) return resolve(commits);
      let commit = '';
      for (const line of stdout.split('\n')) {
        if (line.startsWith('\u0001')) commit = line.slice(1);
        else if (line && !commits.has(line)) commits.set(line, commit);
      }
      resolve(commits);
    });
  });
}

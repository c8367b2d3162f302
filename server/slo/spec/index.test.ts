import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSpecError, loadSpecDirectory } from './index.js';
import { dedent, errorLines, loadFiles } from './testing.js';

const slo = (name: string, extra = '') => dedent`
  apiVersion: octolens/v1
  kind: SLO
  name: ${name}
  service: checkout
  objective: 99.9
  sli: {spans: {total: {kind: server}, bad: {status: error}}}
` + extra;

describe('loadSpecDirectory', () => {
  it('reads every YAML file, recursively, with several documents each', async () => {
    const result = await loadFiles({
      'a.yaml': `${slo('one')}\n---\n${slo('two')}\n`,
      'nested/deeper/b.yml': slo('three'),
      'notes.txt': 'not a spec',
      '.hidden/c.yaml': 'not: read',
    });
    expect(result.errors).toEqual([]);
    expect(result.files).toEqual(['a.yaml', 'nested/deeper/b.yml']);
    expect(result.slos.map((s) => [s.id, s.source.file, s.source.line])).toEqual([
      ['checkout-one', 'a.yaml', 1],
      ['checkout-two', 'a.yaml', 9],
      ['checkout-three', 'nested/deeper/b.yml', 1],
    ]);
  });

  it('loads the good documents when others fail', async () => {
    const result = await loadFiles({
      'a.yaml': `${slo('one')}\n---\n${slo('two').replace('objective: 99.9', 'objective: 120')}\n---\n${slo('three')}\n`,
      'b.yaml': 'a: [1,\n',
    });
    expect(result.slos.map((s) => s.id)).toEqual(['checkout-one', 'checkout-three']);
    expect(errorLines(result)).toEqual([
      'a.yaml:13:12: objective: must be a percentage above 0 and below 100, got 120',
      expect.stringMatching(/^b\.yaml:2:1: invalid YAML: /),
    ]);
  });

  it('refuses duplicate ids across files, naming both places', async () => {
    const result = await loadFiles({ 'a.yaml': slo('one'), 'b/c.yaml': `# the same SLO again\n${slo('one')}` });
    expect(result.slos.map((s) => s.source.file)).toEqual(['a.yaml']);
    expect(errorLines(result)).toEqual(['b/c.yaml:2:1: id: duplicate SLO id "checkout-one", also defined at a.yaml:1:1: rename one of them']);
  });

  it.each([
    ['apiVersion: octolens/v2\nkind: SLO\n', 'x.yaml:1:13: apiVersion: unknown apiVersion "octolens/v2" (did you mean "octolens/v1"?) (expected one of: octolens/v1, openslo/v1, openslo/v1alpha, sloth.slok.dev/v1)'],
    ['version: prometheus/v2\n', 'x.yaml:1:10: version: unknown Sloth spec version "prometheus/v2" (expected "prometheus/v1")'],
    ['kind: SLO\nname: x\n', 'x.yaml:1:1: missing apiVersion (expected one of: octolens/v1, openslo/v1, openslo/v1alpha, sloth.slok.dev/v1; or version: prometheus/v1 for a Sloth file)'],
    ['- a\n- b\n', 'x.yaml:1:1: expected a map with apiVersion and kind, got a list'],
    ['apiVersion: octolens/v1\n', 'x.yaml:1:1: missing kind for octolens/v1 (expected one of: SLO, AlertRule)'],
  ])('reports a document of no known format: %j', async (text, line) => {
    expect(errorLines(await loadFiles({ 'x.yaml': text }))).toEqual([line]);
  });

  it('prints errors as file:line:column: path: message', () => {
    expect(formatSpecError({ file: 'a.yaml', line: 3, column: 12, path: 'spec.slos[0].objective', message: 'is required' })).toBe('a.yaml:3:12: spec.slos[0].objective: is required');
    expect(formatSpecError({ file: 'a.yaml', line: 3, column: 1, path: '', message: 'invalid YAML: x' })).toBe('a.yaml:3:1: invalid YAML: x');
    expect(formatSpecError({ file: 'a.yaml', line: 3, column: 1, path: 'kind', message: 'x' }, 'warning')).toBe('a.yaml:3:1: warning: kind: x');
  });

  describe('git commits', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("records each file's last commit; uncommitted files have none", async () => {
      dir = await mkdtemp(join(tmpdir(), 'octolens-spec-git-'));
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q');
      await mkdir(join(dir, 'specs/team'), { recursive: true });
      await writeFile(join(dir, 'specs/a.yaml'), slo('one'));
      await writeFile(join(dir, 'specs/team/b.yaml'), slo('two'));
      git('add', '.');
      git('commit', '-q', '-m', 'first');
      const first = git('rev-parse', 'HEAD');
      await writeFile(join(dir, 'specs/team/b.yaml'), slo('two', 'description: changed\n'));
      git('commit', '-q', '-am', 'second');
      const second = git('rev-parse', 'HEAD');
      await writeFile(join(dir, 'specs/c.yaml'), slo('three'));

      const result = await loadSpecDirectory(join(dir, 'specs'));
      expect(result.slos.map((s) => [s.source.file, s.source.commit])).toEqual([
        ['a.yaml', first],
        ['c.yaml', undefined],
        ['team/b.yaml', second],
      ]);
    });

    it('does without git outside a checkout', async () => {
      dir = await mkdtemp(join(tmpdir(), 'octolens-spec-nogit-'));
      await writeFile(join(dir, 'a.yaml'), slo('one'));
      const result = await loadSpecDirectory(dir);
      expect(result.slos[0]!.source.commit).toBeUndefined();
    });
  });
});

describe('loadSpecDirectory, unusual directories', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('follows symbolic links, as in a Kubernetes ConfigMap mount', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-spec-links-'));
    const { symlink } = await import('node:fs/promises');
    await mkdir(join(dir, '..2024_01_01'), { recursive: true });
    await writeFile(join(dir, '..2024_01_01/slo.yaml'), slo('one'));
    await symlink('..2024_01_01', join(dir, '..data'));
    await symlink('..data/slo.yaml', join(dir, 'slo.yaml'));
    await symlink('.', join(dir, 'loop'));
    const result = await loadSpecDirectory(dir, { git: false });
    expect(result.errors).toEqual([]);
    expect(result.files).toEqual(['slo.yaml']);
    expect(result.slos.map((s) => s.id)).toEqual(['checkout-one']);
  });

  it('refuses a document whose aliases expand without bound', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const result = await loadFiles({ 'bomb.yaml': `${laughs}\n` });
    expect(errorLines(result)).toEqual([expect.stringMatching(/^bomb\.yaml:1:1: invalid YAML: Excessive alias count/)]);
  });
});

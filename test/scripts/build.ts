import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The apps, libs and scripts compiled to a temporary folder, as `npm run build` lays them out
 * (CI runs no build before the tests), resolving packages from the project's node_modules.
 */
export async function buildScripts(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offera-scripts-'));
  await promisify(execFile)(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@swc/cli/bin/swc.js'),
      'apps',
      'libs',
      'scripts',
      '-d',
      dir,
      '--config-file',
      '.swcrc',
      '--quiet',
      '--ignore',
      '**/*.spec.ts',
    ],
    { cwd: ROOT },
  );
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A TCP port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A minimal environment for a script: PATH, plus what the test gives. */
export const scriptEnv = (env: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  ...env,
});

export interface ScriptResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a compiled script to its end. */
export async function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
): Promise<ScriptResult> {
  const child = execFile(process.execPath, [script, ...args], { env: scriptEnv(env), timeout: 120_000 });
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

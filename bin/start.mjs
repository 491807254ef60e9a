#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and opens the desktop app. Where no Electron
// binary can be had, it says so and starts browser mode instead (the same app in a browser).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run('npm', ['run', '--silent', 'build']);

/** The Electron binary, if one was downloaded; never triggers a download itself. */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const passThrough = process.argv.slice(2);
const electron = electronBinary();
if (electron && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
  const child = spawn(electron, [root, '--', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = electron
    ? 'There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window cannot open.'
    : 'No Electron binary is installed here: the electron package could not download one (this machine cannot reach Electron’s downloads), so the desktop window cannot open.';
  process.stdout.write(
    `\n${why} Starting Isoscope in browser mode instead — the same app, served on 127.0.0.1 with a private token. Open the URL below in a browser on this machine, or through an SSH tunnel (ssh -L PORT:127.0.0.1:PORT host).\n\n`,
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'isoscope.js'), 'serve', ...passThrough], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

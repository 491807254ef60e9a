// An unprivileged system user for attack tests (made with useradd when missing, removed again
// only if this run made it): the "other local user" of docs/security.md.
import { execFileSync, spawnSync } from 'node:child_process';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  /** Removes the user if this run created it. */
  remove(): void;
}

export function ensureTestUser(name: string): TestUser {
  let created = false;
  if (spawnSync('id', ['-u', name]).status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    created = true;
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { name, uid: id('-u'), gid: id('-g'), remove: () => void (created && spawnSync('userdel', [name])) };
}

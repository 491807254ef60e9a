// `isoscope serve` parses its words with the agent's one flag parser (commandLine/) and hands the
// agent only the collector's flags it was given.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../agent/commandLine/args.js';
import { main } from '../../agent/cli/main.js';
import { parseServeArgs, passThrough } from './cli.js';
import { hostOptions } from './hostFlags.js';

describe('serve command line', () => {
  it('passes every collector flag through, repeated ones each time, and none of its own', () => {
    const a = parseServeArgs([
      'serve',
      '--port',
      '0',
      '--runc-root',
      '/a',
      '--interval=2',
      '--root',
      '/',
      '--runc-root=/b',
      '--no-api',
      '--docker-socket',
      '/s',
    ]);
    expect(passThrough(a)).toEqual([
      '--root',
      '/',
      '--docker-socket',
      '/s',
      '--runc-root',
      '/a',
      '--runc-root',
      '/b',
      '--no-api',
    ]);
  });

  it('passes nothing when only its own flags are given', () => {
    expect(passThrough(parseServeArgs(['serve', '--port', '8080', '--interval', '1']))).toEqual([]);
  });

  it('refuses --open and other flags it does not take', () => {
    expect(() => parseServeArgs(['serve', '--open'])).toThrow(UsageError);
    expect(() => parseServeArgs(['serve', '--pretty'])).toThrow(/does not apply here/);
  });

  it('--help lists the host flags, ssh and k8s', async () => {
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } };
    expect(await main(['serve', '--help'], io)).toBe(0);
    const hosts = out.slice(out.indexOf('remote hosts:'));
    for (const f of [
      '--host ssh://',
      'k8s://CONTEXT/NODE',
      '--host-sudo',
      '--hosts-file FILE',
      '--host-agent PATH',
      '--ssh-config FILE',
      '--kubeconfig FILE',
      '--k8s-agent-namespace NS',
    ])
      expect(hosts).toContain(f);
  });

  it('--host takes k8s://CONTEXT/NODE (never with sudo), --kubeconfig and --k8s-agent-namespace', () => {
    const o = hostOptions(
      parseServeArgs([
        'serve',
        '--host',
        'k8s://prod/node-1',
        '--host',
        'ssh://root@db1',
        '--host-sudo',
        '--kubeconfig',
        '/etc/kc',
        '--k8s-agent-namespace',
        'ops',
      ]),
    );
    expect(o.hosts).toEqual([
      { url: 'k8s://prod/node-1', sudo: false },
      { url: 'ssh://root@db1', sudo: true },
    ]);
    expect(o.k8s).toEqual({ kubeconfig: '/etc/kc', agentNamespace: 'ops' });
    expect(() => hostOptions(parseServeArgs(['serve', '--host', 'k8s://prod/--context=x']))).toThrow(
      /node may not start with "-"/,
    );
    expect(() => hostOptions(parseServeArgs(['serve', '--k8s-agent-namespace', 'Ops;id']))).toThrow(/not a namespace name/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHostSpec, HostSpecError, parseHostSpec, sshDestination, type SshHost } from './hostSpec.js';
import { shellJoin, shellQuote } from './shellQuote.js';
import { classifySshFailure, remoteAgentCommand } from './sshCommand.js';

describe('parseHostSpec', () => {
  it.each([
    ['local', { kind: 'local' }],
    ['ssh://root@db1.example.com', { kind: 'ssh', user: 'root', host: 'db1.example.com' }],
    ['ssh://alice@10.0.0.2:2222', { kind: 'ssh', user: 'alice', host: '10.0.0.2', port: 2222 }],
    ['ssh://build_box', { kind: 'ssh', host: 'build_box' }],
    ['ssh://root@[::1]:22', { kind: 'ssh', user: 'root', host: '::1', port: 22 }],
    ['ssh://root@host/', { kind: 'ssh', user: 'root', host: 'host' }],
    ['k8s://kind-kind/worker-1', { kind: 'k8s', context: 'kind-kind', node: 'worker-1' }],
    [
      'k8s://prod/ip-10-0-1-23.eu-west-1.compute.internal/',
      { kind: 'k8s', context: 'prod', node: 'ip-10-0-1-23.eu-west-1.compute.internal' },
    ],
    ['k8s://admin@k3s:default/n1', { kind: 'k8s', context: 'admin@k3s:default', node: 'n1' }],
    [
      'k8s://arn:aws:eks:eu-west-1:123456789012:cluster%2Fshop/node-a',
      { kind: 'k8s', context: 'arn:aws:eks:eu-west-1:123456789012:cluster/shop', node: 'node-a' },
    ],
  ])('%s', (text, parsed) => {
    expect(parseHostSpec(text)).toEqual(parsed);
    if (parsed.kind !== 'local') expect(parseHostSpec(formatHostSpec(parseHostSpec(text)))).toEqual(parsed);
  });

  it.each([
    ['ssh://-oProxyCommand=touch /tmp/x', /spaces/],
    ['ssh://-oProxyCommand=id', /may not start with "-"/],
    ['ssh://-lroot@host', /user may not start with "-"/],
    ['ssh://root@-p2222', /host may not start with "-"/],
    ['ssh://a@b@c', /more than one "@"/],
    ['ssh://@host', /empty user/],
    ['ssh://root@', /no host/],
    ['ssh://root@host:0', /outside 1–65535/],
    ['ssh://root@host:65536', /outside 1–65535/],
    ['ssh://root@host:22x', /not a number/],
    ['ssh://root@ho\u001b]0;x\u0007st', /control characters/],
    ['ssh://root@host\n', /control characters/],
    ['ssh://ro$(id)ot@host', /characters a login name does not/],
    ['ssh://root@ho;st', /not a host name/],
    ['ssh://root@%h', /not a host name/],
    ['ssh://root@::1', /IPv6 address goes in brackets/],
    ['ssh://root@[::1', /without "]"/],
    ['ssh://root@[evil]', /not an IPv6 address/],
    ['ssh://root@host/path', /path, query or fragment/],
    ['root@host', /expected "local"/],
    ['http://root@host', /expected "local"/],
    // k8s://CONTEXT/NODE: the context and node go to the bridge as arguments; the node follows Kubernetes' rules.
    ['k8s://-v=9/node', /context may not start with "-"/],
    ['k8s://--kubeconfig=/tmp/evil/node', /"\/" in the context name is written %2F/],
    ['k8s://ctx/--context=other', /node may not start with "-"/],
    ['k8s://ctx/-n1', /node may not start with "-"/],
    ['k8s://ctx/Worker-1', /not a Kubernetes node name/],
    ['k8s://ctx/node_1', /not a Kubernetes node name/],
    ['k8s://ctx/node-', /not a Kubernetes node name/],
    ['k8s://ctx/a..b', /not a Kubernetes node name/],
    [`k8s://ctx/${'a'.repeat(64)}`, /not a Kubernetes node name/],
    [`k8s://ctx/${Array(64).fill('abc').join('.')}`, /not a Kubernetes node name/],
    ['k8s://ctx/no$(id)de', /not a Kubernetes node name/],
    ['k8s://c$(id)tx/node', /has characters a context name here may not/],
    ['k8s://c;tx/node', /has characters a context name here may not/],
    ['k8s://c%20x/node', /only %2F/],
    ['k8s://c%2f%2e/node', /only %2F/],
    ['k8s://ctx/node\x1b[31m', /control characters/],
    ['k8s://ctx/no de', /spaces/],
    ['k8s://ctx/node?namespace=x', /query or fragment/],
    ['k8s://node-only', /expected k8s:\/\/CONTEXT\/NODE/],
    ['k8s:///node', /no kubeconfig context/],
    ['k8s://ctx/', /expected k8s:\/\/CONTEXT\/NODE/],
    ['k8s://a/b/c', /written %2F/],
  ])('refuses %j', (text, why) => {
    expect(() => parseHostSpec(text)).toThrow(HostSpecError);
    expect(() => parseHostSpec(text)).toThrow(why);
  });

  it('the destination ssh gets is user@host, after --', () => {
    const h = parseHostSpec('ssh://root@db1:2200') as SshHost;
    expect(sshDestination(h)).toBe('root@db1');
    const { command, args } = remoteAgentCommand(h, { sudo: false, intervalMs: 1000, agentDigest: 'a'.repeat(64) });
    expect(command).toBe('ssh');
    expect(args.slice(args.indexOf('--'), -1)).toEqual(['--', 'root@db1']);
    expect(args).toEqual(
      expect.arrayContaining(['BatchMode=yes', 'StrictHostKeyChecking=yes', 'UpdateHostKeys=no', '-p', '2200', '-T']),
    );
  });
});

describe('shellQuote, through a real sh', () => {
  const hostile = [
    "it's",
    '$(touch /tmp/isoscope-pwned)',
    '`id`',
    '"; rm -rf / #',
    'a\nb',
    '\\',
    "'",
    '',
    '-n',
    '*',
    '~/x',
    '$HOME',
    'é ünïcode',
  ];
  it.each(hostile)('%j comes out as it went in', (word) => {
    const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`]).toString();
    expect(out).toBe(word);
  });
  it('several words stay apart', () => {
    const out = execFileSync('sh', ['-c', `for w in ${shellJoin(hostile)}; do printf '[%s]' "$w"; done`]).toString();
    expect(out).toBe(hostile.map((w) => `[${w}]`).join(''));
  });
  it('refuses NUL', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
  it('an agent path with quotes and $ reaches the remote sh as one word', () => {
    const { args } = remoteAgentCommand(
      { kind: 'ssh', host: 'h' },
      { sudo: false, intervalMs: 500, agentPath: "/tmp/it's $(id).cjs" },
    );
    // The remote shell gets the last argument; run it with a stand-in `node` on the PATH that prints its arguments.
    const bin = mkdtempSync(join(tmpdir(), 'isoscope-fake-node-'));
    writeFileSync(join(bin, 'node'), '#!/bin/sh\nfor a in "$@"; do printf "%s|" "$a"; done\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', args.at(-1)!], { env: { PATH: `${bin}:/usr/bin:/bin` } }).toString();
    rmSync(bin, { recursive: true, force: true });
    expect(out).toContain("/tmp/it's $(id).cjs|");
  });
  it('agent arguments must be --flag or --flag=value', () => {
    expect(() =>
      remoteAgentCommand({ kind: 'ssh', host: 'h' }, { sudo: false, intervalMs: 500, agentPath: 'a', agentArgs: ['; id'] }),
    ).toThrow(/not --flag/);
  });
});

describe('classifySshFailure, on what OpenSSH 9 prints', () => {
  it.each([
    [
      255,
      'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n',
      'unknown-host-key',
    ],
    [
      255,
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n',
      'changed-host-key',
    ],
    [255, 'root@127.0.0.1: Permission denied (publickey).\r\n', 'auth-failed'],
    [255, 'ssh: connect to host 127.0.0.1 port 2222: Connection refused\r\n', 'refused'],
    [255, 'Timeout, server 10.0.0.2 not responding.\r\n', 'unreachable'],
    [255, 'ssh: connect to host 10.9.9.9 port 22: No route to host\r\n', 'unreachable'],
    [126, 'isoscope-remote: no-agent: the agent is not at x on the remote (ENOENT): isoscope host install\n', 'no-agent'],
    [127, 'isoscope-remote: no-node: no node on the remote PATH\n', 'no-node'],
    [1, 'sudo: a password is required\n', 'sudo-needs-password'],
    [137, 'isoscope-remote: agent-exited: the remote agent was killed by signal SIGKILL\n', 'agent-exited'],
    [255, '', 'agent-exited'],
    [255, 'something new\n', 'other'],
  ])('exit %s: %j → %s', (code, stderr, reason) => {
    expect(classifySshFailure(code, stderr).reason).toBe(reason);
  });
});

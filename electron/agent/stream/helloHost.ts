// What the agent's hello says about where it runs: the host's name (honestly: unavailable, with
// the reason, when the agent sits in a UTS namespace of its own, as in a pod without hostNetwork)
// and, in a Kubernetes pod, the node's name from the downward API (ISOSCOPE_NODE_NAME, set by the
// DaemonSet from spec.nodeName; a value that is not a node name is left out, never passed on).
import type { Hello } from '../../../shared/agent/protocol.js';
import { readHostName } from '../readers/hostReader.js';
import type { HostFs } from '../readers/hostFs.js';

const NODE_NAME = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;

export function helloHost(
  fs: HostFs,
  env: NodeJS.ProcessEnv = process.env,
): Pick<Hello, 'hostname' | 'hostnameUnavailable' | 'nodeName'> {
  const { hostname, unavailable } = readHostName(fs);
  const node = env.ISOSCOPE_NODE_NAME;
  return {
    hostname,
    ...(unavailable
      ? { hostnameUnavailable: `${unavailable.reason}${unavailable.detail ? `: ${unavailable.detail}` : ''}` }
      : {}),
    ...(node !== undefined && NODE_NAME.test(node) ? { nodeName: node } : {}),
  };
}

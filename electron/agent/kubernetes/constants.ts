// Names and numbers the manifests, the agent command and the kubectl plugin share. No imports of
// kubernetes-models or yaml here: the CLI loads this file whatever the command (those packages
// are devDependencies, loaded only by `isoscope k8s manifests`).
import { AGENT_VERSION } from '../version.js';

export const DEFAULT_NAMESPACE = 'isoscope';
/** A placeholder reference for the image you build (docs/cluster.md); no such image is published. */
export const DEFAULT_IMAGE = `isoscope/agent:${AGENT_VERSION}`;
/** The agent's TCP port on the pod's own loopback, reached only through pods/portforward. */
export const AGENT_PORT = 7070;
/** The label the plugin selects agent pods by. */
export const AGENT_LABEL = { key: 'app.kubernetes.io/name', value: 'isoscope-agent' } as const;
export const AGENT_SELECTOR = `${AGENT_LABEL.key}=${AGENT_LABEL.value}`;
export const AGENT_NAME = 'isoscope-agent';
export const CLIENT_ROLE = 'isoscope-client';
/** Who may use the plugin: bind users or groups to the Role (docs/cluster.md, "RBAC"). */
export const CLIENT_GROUP = 'isoscope:clients';
/** Where the image keeps the built repository (bin/isoscope.js, dist/, the native helper). */
export const IMAGE_APP_DIR = '/opt/isoscope';

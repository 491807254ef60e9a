// The busybox root filesystem of the test lab: the shipped demo lab's (electron/agent/lab/rootfs.ts).
export { copyRootfs, ensureRootfs, type RootfsPaths } from '../../electron/agent/lab/rootfs.js';

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `1` to check every IPC result against the contract in a production build too. */
  readonly VITE_CHECK_IPC?: string;
}

// node --import tsx --import ./e2e/electron-standin/register.mjs dist/electron/main/index.js
// Installs the resolve hook that maps `electron` to the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

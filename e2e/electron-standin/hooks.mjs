// Module resolve hook for the stand-in: `electron`, imported by the real main entry, resolves to
// the stand-in module. Everything else resolves as usual.
const STANDIN = new URL('./electron.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return nextResolve(STANDIN, context);
  return nextResolve(specifier, context);
}

// Hands a generated file to the user: a download in browser mode, a save dialog in Electron.
export function saveFile(name: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name with the time in it: isoscope-web-2026-11-28T13-40-00.json */
export function fileName(what: string, ext: string, at = new Date()): string {
  const safe =
    what
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'snapshot';
  return `isoscope-${safe}-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`;
}
